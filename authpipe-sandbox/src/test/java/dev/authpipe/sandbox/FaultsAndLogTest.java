package dev.authpipe.sandbox;

import static dev.authpipe.sandbox.SandboxHttp.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultsAndLogTest {
    private final MutableClock clock = MutableClock.atFixedStart();
    private final HarvestSandbox sandbox =
            HarvestSandbox.start(SandboxOptions.defaults().withClock(clock));
    private final SandboxHttp http = new SandboxHttp(sandbox);

    @AfterEach
    void close() {
        sandbox.close();
    }

    @Test
    void rateLimitAnswers429WithRetryAfterThenRecovers() {
        String token = http.connect(5001, 100001).get("access_token").asText();
        sandbox.rateLimitNext("/v2/", 2, 15);

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> limited = http.usersMe(token, 100001);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).contains("15");
        }
        assertThat(http.usersMe(token, 100001).statusCode()).isEqualTo(200);
    }

    @Test
    void failNextAppliesToMatchingPathsOnly() {
        String refreshToken = http.connect(5001).get("refresh_token").asText();
        sandbox.failNext(TOKEN, 503, 1);

        assertThat(http.get("/api/v2/accounts").statusCode()).isEqualTo(401);
        assertThat(http.refresh(refreshToken).statusCode()).isEqualTo(503);
        assertThat(http.refresh(refreshToken).statusCode()).isEqualTo(200);
        assertThat(sandbox.refreshCount()).isEqualTo(2);
    }

    @Test
    void theLogRecordsWhatTheBrokerSent() {
        sandbox.autoConsent(5001);
        http.authorize(Map.of("code_challenge", "ch", "code_challenge_method", "S256", "scope", "harvest:all"));
        http.postForm(TOKEN, SandboxHttp.tokenForm("refresh_token", "refresh_token", "x"), "X-Trace", "t-1");

        RecordedRequest authorize = sandbox.requests("/oauth2/authorize").get(0);
        assertThat(authorize.method()).isEqualTo("GET");
        assertThat(authorize.queryParam("scope")).contains("harvest:all");
        assertThat(authorize.queryParam("code_challenge_method")).contains("S256");
        assertThat(authorize.receivedAt()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));

        RecordedRequest token = sandbox.requests(TOKEN).get(0);
        assertThat(token.header("user-agent")).contains(SandboxHttp.USER_AGENT);
        assertThat(token.header("x-TRACE")).contains("t-1");
        assertThat(token.bodyFormat()).isEqualTo(RecordedRequest.BodyFormat.FORM);
        assertThat(token.bodyParam("grant_type")).contains("refresh_token");
        assertThat(token.rawBody()).contains("grant_type=refresh_token");

        assertThat(sandbox.requests()).hasSize(2);
        sandbox.clearRequests();
        assertThat(sandbox.requests()).isEmpty();
    }
}
