package dev.authpipe.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Many clients at once: the sandbox stays consistent and answers every request. */
class ConcurrencyTest {
    private final HarvestSandbox sandbox = HarvestSandbox.start();
    private final SandboxHttp http = new SandboxHttp(sandbox);
    private final ExecutorService callers = Executors.newFixedThreadPool(16);

    @AfterEach
    void close() {
        callers.shutdownNow();
        sandbox.close();
    }

    @Test
    void hundredsOfParallelRefreshesAllSucceedWithoutRotation() throws Exception {
        String refreshToken = http.connect(5001).get("refresh_token").asText();

        List<Integer> statuses =
                inParallel(400, () -> http.refresh(refreshToken).statusCode());

        assertThat(statuses).hasSize(400).containsOnly(200);
        assertThat(sandbox.refreshCount()).isEqualTo(400);
    }

    @Test
    void withRotationExactlyOneOfARacingPairOfRefreshesWins() throws Exception {
        sandbox.rotateRefreshTokens(true);
        String refreshToken = http.connect(5001).get("refresh_token").asText();

        List<Integer> statuses = inParallel(32, () -> http.refresh(refreshToken).statusCode());

        assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);
        assertThat(statuses.stream().filter(s -> s == 400)).hasSize(31);
    }

    private <T> List<T> inParallel(int count, Callable<T> call) throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(callers.submit(call));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get());
        }
        return results;
    }
}
