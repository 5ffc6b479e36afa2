package dev.authpipe.sandbox;

import static dev.authpipe.sandbox.SandboxHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HoldTest {
    private final MutableClock clock = MutableClock.atFixedStart();
    private final HarvestSandbox sandbox =
            HarvestSandbox.start(SandboxOptions.defaults().withClock(clock));
    private final SandboxHttp http = new SandboxHttp(sandbox);

    @AfterEach
    void close() {
        sandbox.close();
    }

    @Test
    void aHeldRefreshHasTakenEffectButIsAnsweredOnlyOnRelease() throws Exception {
        sandbox.rotateRefreshTokens(true);
        String original = http.connect(5001).get("refresh_token").asText();
        sandbox.holdTokenResponses();

        CompletableFuture<HttpResponse<String>> pending = CompletableFuture.supplyAsync(() -> http.refresh(original));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sandbox.heldTokenResponses() < 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(sandbox.heldTokenResponses()).isEqualTo(1);
        assertThat(pending).isNotDone();
        assertThat(sandbox.refreshCount()).isEqualTo(1);

        sandbox.releaseTokenResponses();
        HttpResponse<String> answered = pending.get(10, TimeUnit.SECONDS);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(json(answered).get("refresh_token").asText()).isNotEqualTo(original);
        assertThat(http.refresh(original).statusCode()).isEqualTo(400);
    }
}
