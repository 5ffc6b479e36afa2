package dev.authpipe.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A read that needs a fresher token refreshes it first, once, and classifies failures. */
class RefreshOnReadTest {
    @TempDir
    Path dir;

    TestBroker broker;
    Http api;

    @BeforeEach
    void start() {
        broker = TestBroker.start(dir);
        api = broker.project(broker.createProject("Refresh"));
        broker.configureHarvest(api);
        broker.install(api, "org_r");
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void anExpiringTokenIsRefreshedBeforeItIsHandedOut() {
        String first = read(60).json().path("credential").asText();
        broker.clock.advance(Duration.ofDays(14).minusSeconds(30));
        Http.Response second = read(60);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().path("credential").asText()).isNotEqualTo(first);
        assertThat(java.time.Instant.parse(second.json().path("expiresAt").asText()))
                .isEqualTo(broker.clock.instant().plusSeconds(1_209_600));
        assertThat(broker.harvest.refreshCount()).isEqualTo(1);
        assertThat(read(60).json().path("credential").asText())
                .isEqualTo(second.json().path("credential").asText());
        assertThat(broker.harvest.refreshCount()).isEqualTo(1);
    }

    @Test
    void rotatedRefreshTokensStayUsableAndOmittedOnesAreKept() {
        broker.harvest.rotateRefreshTokens(true);
        for (int i = 0; i < 5; i++) {
            broker.clock.advance(Duration.ofDays(14));
            assertThat(read(60).status()).isEqualTo(200);
        }
        broker.harvest.rotateRefreshTokens(false);
        broker.harvest.omitRefreshTokenInRefreshResponse(true);
        for (int i = 0; i < 3; i++) {
            broker.clock.advance(Duration.ofDays(14));
            assertThat(read(60).status()).isEqualTo(200);
        }
        assertThat(broker.harvest.refreshCount()).isEqualTo(8);
    }

    @Test
    void concurrentReadsOfAnExpiredTokenCauseOneRefresh() throws Exception {
        broker.clock.advance(Duration.ofDays(15));
        int callers = 32;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                Callable<String> call = () -> {
                    go.await();
                    return read(60).json().path("credential").asText();
                };
                results.add(pool.submit(call));
            }
            go.countDown();
            List<String> tokens = new ArrayList<>();
            for (Future<String> f : results) {
                tokens.add(f.get());
            }
            assertThat(tokens).doesNotContain("").containsOnly(tokens.get(0));
            assertThat(broker.harvest.refreshCount()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRevokedGrantEndsInReconnectRequiredWithAnEvent() {
        broker.harvest.revokeGrantsOf(5001);
        broker.clock.advance(Duration.ofDays(14));
        Http.Response r = read(60);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.errorCode()).isEqualTo("reconnect_required");
        assertThat(api.get("/v1/installations/harvest/org_r")
                        .json()
                        .path("status")
                        .asText())
                .isEqualTo("revoked");
        assertThat(read(0).errorCode()).isEqualTo("reconnect_required");
        assertThat(broker.harvest.refreshCount()).isEqualTo(1);
        assertThat(api.get("/v1/events").body()).contains("credential.revoked");
    }

    @Test
    void anUnreachableProviderGives503AndTheNextReadRecovers() {
        broker.clock.advance(Duration.ofDays(14).plusMinutes(1));
        broker.harvest.failNext("/api/v2/oauth2/token", 503, 1);
        Http.Response down = read(60);
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.errorCode()).isEqualTo("provider_unavailable");
        assertThat(api.get("/v1/installations/harvest/org_r")
                        .json()
                        .path("status")
                        .asText())
                .isEqualTo("expired");
        Http.Response backingOff = read(60);
        assertThat(backingOff.status()).isEqualTo(503);
        assertThat(broker.harvest.refreshCount()).isEqualTo(1);
        broker.clock.advance(Duration.ofMinutes(2));
        Http.Response up = read(60);
        assertThat(up.status()).isEqualTo(200);
        assertThat(up.json().path("status").asText()).isEqualTo("active");
    }

    @Test
    void aForcedRefreshReplacesAFreshToken() {
        String before = read(60).json().path("credential").asText();
        Http.Response forced = api.post("/v1/installations/harvest/org_r/refresh", "");
        assertThat(forced.status()).as(forced.body()).isEqualTo(200);
        assertThat(forced.body()).doesNotContain(before);
        assertThat(read(60).json().path("credential").asText()).isNotEqualTo(before);
    }

    private Http.Response read(int minValiditySeconds) {
        return api.get("/v1/credentials?provider=harvest&tenantId=org_r&credentialFor=installation&minValiditySeconds="
                + minValiditySeconds);
    }
}
