package dev.authpipe.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proactive refresh engine against the Harvest sandbox, with the clock moved by hand and the
 * scheduler driven one pass at a time: no sleeps.
 */
class RefreshEngineTest {
    static final Duration TOKEN_LIFETIME = Duration.ofSeconds(1_209_600);

    @TempDir
    Path dir;

    TestBroker broker;
    Http api;
    Instant installedAt;

    @BeforeEach
    void start() {
        broker = TestBroker.start(dir);
        api = broker.project(broker.createProject("Engine"));
        broker.configureHarvest(api);
        installedAt = broker.clock.instant();
        broker.install(api, "org_e");
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void refreshesAheadOfExpiryWithoutAnyRead() {
        Instant expiry = installedAt.plus(TOKEN_LIFETIME);
        JsonNode before = installation();
        Instant next =
                Instant.parse(before.path("refresh").path("nextRefreshAt").asText());
        assertThat(next)
                .isBetween(
                        expiry.minus(Duration.ofDays(1)).minus(Duration.ofMinutes(144)),
                        expiry.minus(Duration.ofDays(1)));
        assertThat(before.path("refresh").path("reason").asText()).isEqualTo("fresh");

        broker.clock.advance(Duration.between(installedAt, next).minusMinutes(1));
        assertThat(broker.server.runDueRefreshes()).isZero();
        assertThat(broker.harvest.refreshCount()).isZero();

        broker.clock.advance(Duration.ofMinutes(2));
        assertThat(broker.server.runDueRefreshes()).isEqualTo(1);
        assertThat(broker.harvest.refreshCount()).isEqualTo(1);
        JsonNode after = installation();
        assertThat(Instant.parse(after.path("expiresAt").asText()))
                .isEqualTo(broker.clock.instant().plus(TOKEN_LIFETIME));
        assertThat(Instant.parse(after.path("refresh").path("nextRefreshAt").asText()))
                .isAfter(next.plus(Duration.ofDays(12)));
        assertThat(read(60).status()).isEqualTo(200);
        assertThat(broker.harvest.refreshCount()).isEqualTo(1);
        assertThat(eventTypes()).containsSubsequence("installation.created", "credential.refreshed");
    }

    @Test
    void twoHundredConcurrentReadsOfAnExpiringCredentialCauseOneUpstreamRefresh() throws Exception {
        broker.clock.advance(TOKEN_LIFETIME.minusSeconds(30));
        broker.harvest.holdTokenResponses();
        int callers = 200;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Response>> results = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return read(60);
                }));
            }
            go.countDown();
            awaitHeld(1);
            broker.harvest.releaseTokenResponses();
            List<String> tokens = new ArrayList<>();
            for (Future<Http.Response> f : results) {
                Http.Response r = f.get(60, TimeUnit.SECONDS);
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                tokens.add(r.json().path("credential").asText());
            }
            assertThat(tokens).hasSize(callers).containsOnly(tokens.get(0));
            assertThat(broker.harvest.refreshCount()).isEqualTo(1);
        } finally {
            broker.harvest.releaseTokenResponses();
            pool.shutdownNow();
        }
    }

    @Test
    void rotatingRefreshTokensStayUsableOverManyScheduledRefreshes() {
        broker.harvest.rotateRefreshTokens(true);
        for (int i = 1; i <= 10; i++) {
            broker.clock.advance(Duration.ofDays(13).plusHours(1));
            assertThat(broker.server.runDueRefreshes()).as("pass %d", i).isEqualTo(1);
            assertThat(installation().path("status").asText()).isEqualTo("active");
        }
        assertThat(broker.harvest.refreshCount()).isEqualTo(10);
        assertThat(read(60).status()).isEqualTo(200);
    }

    @Test
    void anOmittedRefreshTokenKeepsTheOldOne() {
        broker.harvest.omitRefreshTokenInRefreshResponse(true);
        for (int i = 0; i < 3; i++) {
            broker.clock.advance(Duration.ofDays(13).plusHours(1));
            broker.server.runDueRefreshes();
        }
        assertThat(broker.harvest.refreshCount()).isEqualTo(3);
        assertThat(installation().path("hasRefreshToken").asBoolean()).isTrue();
        assertThat(installation().path("status").asText()).isEqualTo("active");
    }

    @Test
    void transientFailuresBackOffWhileTheCurrentTokenIsServedThenRecover() {
        broker.clock.advance(Duration.ofDays(13).plusHours(1));
        String current = read(60).json().path("credential").asText();
        broker.harvest.failNext("/api/v2/oauth2/token", 500, 2);

        assertThat(broker.server.runDueRefreshes()).isEqualTo(1);
        JsonNode first = installation().path("refresh");
        assertThat(first.path("failures").asInt()).isEqualTo(1);
        Instant retry1 = Instant.parse(first.path("retryAt").asText());
        assertThat(Duration.between(broker.clock.instant(), retry1))
                .isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
        assertThat(first.path("lastError").asText()).contains("500");
        assertThat(broker.server.runDueRefreshes()).as("backing off").isZero();
        assertThat(read(60).json().path("credential").asText()).isEqualTo(current);

        broker.clock.advance(Duration.between(broker.clock.instant(), retry1));
        assertThat(broker.server.runDueRefreshes()).isEqualTo(1);
        JsonNode second = installation().path("refresh");
        assertThat(second.path("failures").asInt()).isEqualTo(2);
        Instant retry2 = Instant.parse(second.path("retryAt").asText());
        assertThat(Duration.between(broker.clock.instant(), retry2))
                .isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));

        broker.clock.advance(Duration.between(broker.clock.instant(), retry2));
        assertThat(broker.server.runDueRefreshes()).isEqualTo(1);
        JsonNode recovered = installation();
        assertThat(recovered.path("refresh").path("failures").asInt()).isZero();
        assertThat(recovered.path("refresh").path("lastError").isNull()).isTrue();
        assertThat(read(60).json().path("credential").asText()).isNotEqualTo(current);
        assertThat(broker.harvest.refreshCount()).isEqualTo(3);
        assertThat(eventTypes())
                .containsSubsequence("credential.refresh_failed", "credential.refresh_failed", "credential.refreshed");
        assertThat(lastEvent("credential.refreshed")
                        .path("data")
                        .path("recovered")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void aRateLimitIsHonouredThroughRetryAfter() {
        broker.clock.advance(Duration.ofDays(13).plusHours(1));
        broker.harvest.rateLimitNext("/api/v2/oauth2/token", 1, 900);
        broker.server.runDueRefreshes();
        Instant retry =
                Instant.parse(installation().path("refresh").path("retryAt").asText());
        assertThat(Duration.between(broker.clock.instant(), retry)).isGreaterThanOrEqualTo(Duration.ofSeconds(900));
        broker.clock.advance(Duration.ofSeconds(899));
        assertThat(broker.server.runDueRefreshes()).isZero();
        broker.clock.advance(Duration.between(broker.clock.instant(), retry));
        assertThat(broker.server.runDueRefreshes()).isEqualTo(1);
        assertThat(installation().path("refresh").path("failures").asInt()).isZero();
    }

    @Test
    void anOutageThroughExpiryMarksItExpiredAndRecoveryRestoresIt() {
        broker.clock.advance(Duration.ofDays(13).plusHours(1));
        broker.harvest.failNext("/api/v2/oauth2/token", 503, 1000);
        Instant expiry = installedAt.plus(TOKEN_LIFETIME);
        while (broker.clock.instant().isBefore(expiry.plus(Duration.ofMinutes(1)))) {
            broker.server.runDueRefreshes();
            broker.clock.advance(Duration.ofHours(1));
        }
        broker.server.runDueRefreshes();
        assertThat(installation().path("status").asText()).isEqualTo("expired");
        Http.Response unavailable = read(60);
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.errorCode()).isEqualTo("provider_unavailable");
        assertThat(eventTypes()).contains("credential.expired");
        assertThat(eventTypes().stream().filter("credential.expired"::equals)).hasSize(1);

        broker.harvest.clearFaults();
        broker.clock.advance(Duration.ofHours(2));
        broker.server.runDueRefreshes();
        assertThat(installation().path("status").asText()).isEqualTo("active");
        assertThat(read(60).status()).isEqualTo(200);
        JsonNode recovery = lastEvent("credential.refreshed");
        assertThat(recovery.path("data").path("recovered").asBoolean()).isTrue();
        assertThat(recovery.path("data").path("previousStatus").asText()).isEqualTo("expired");
    }

    @Test
    void invalidGrantRevokesOnceWithAnEventAndNeverRetries() {
        broker.harvest.revokeGrantsOf(5001);
        broker.clock.advance(Duration.ofDays(13).plusHours(1));
        assertThat(broker.server.runDueRefreshes()).isEqualTo(1);
        JsonNode revoked = installation();
        assertThat(revoked.path("status").asText()).isEqualTo("revoked");
        assertThat(revoked.path("refresh").path("nextRefreshAt").isNull()).isTrue();
        assertThat(revoked.path("refresh").path("reason").asText()).isEqualTo("revoked");
        assertThat(eventTypes()).containsOnlyOnce("credential.revoked");
        for (int i = 0; i < 5; i++) {
            broker.clock.advance(Duration.ofDays(1));
            assertThat(broker.server.runDueRefreshes()).isZero();
        }
        assertThat(broker.harvest.refreshCount()).isEqualTo(1);
        Http.Response r = read(0);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.errorCode()).isEqualTo("reconnect_required");
    }

    @Test
    void aTokenWithoutExpiryIsKeptAliveOnItsSchedule() {
        String refreshToken = SandboxGrant.refreshToken(broker.harvest, 5002, 100001);
        Http.Response imported = api.post(
                "/v1/credentials/import",
                java.util.Map.of(
                        "provider",
                        "harvest",
                        "tenantId",
                        "org_e",
                        "credentialFor",
                        "user",
                        "userId",
                        "u_forever",
                        "accessToken",
                        "no-expiry-token",
                        "refreshToken",
                        refreshToken,
                        "metadata",
                        java.util.Map.of("accountIds", List.of("100001"))));
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        Instant next = Instant.parse(
                imported.json().path("refresh").path("nextRefreshAt").asText());
        assertThat(next)
                .isBetween(
                        broker.clock.instant().plus(Duration.ofDays(7)).minus(Duration.ofHours(17)),
                        broker.clock.instant().plus(Duration.ofDays(7)));
        assertThat(imported.json().path("refresh").path("reason").asText()).isEqualTo("no_expiry");

        long refreshesBefore = broker.harvest.refreshCount();
        broker.clock.advance(Duration.ofDays(7));
        broker.server.runDueRefreshes();
        assertThat(broker.harvest.refreshCount()).isEqualTo(refreshesBefore + 1);
        JsonNode user =
                api.get("/v1/installations/harvest/org_e/users/u_forever").json();
        assertThat(user.path("expiresAt").isNull()).isFalse();
        assertThat(lastEvent("credential.refreshed").path("data").path("reason").asText())
                .isEqualTo("keep_alive");
    }

    @Test
    void aCredentialWhoseIntegrationIsGoneBacksOffInsteadOfSpinning() {
        assertThat(api.delete("/v1/integrations/harvest").status()).isEqualTo(204);
        broker.clock.advance(Duration.ofDays(13).plusHours(1));
        assertThat(broker.server.runDueRefreshes()).isEqualTo(1);
        JsonNode refresh = installation().path("refresh");
        assertThat(refresh.path("lastError").asText()).isEqualTo("integration_not_configured");
        assertThat(refresh.path("failures").asInt()).isEqualTo(1);
        assertThat(broker.server.runDueRefreshes())
                .as("backing off, not retried at once")
                .isZero();
        assertThat(broker.harvest.refreshCount()).isZero();
    }

    @Test
    void metricsReportRefreshesBacklogAndStatuses() {
        broker.clock.advance(Duration.ofDays(13).plusHours(1));
        broker.server.runDueRefreshes();
        String metrics = broker.anonymous().get("/metrics").body();
        assertThat(metrics)
                .containsPattern("authpipe_refreshes_total\\{[^}]*outcome=\"success\"[^}]*} 1\\.0")
                .contains("authpipe_refresh_latency_seconds_count")
                .contains("authpipe_refresh_due")
                .containsPattern("authpipe_credentials\\{status=\"active\"} 1\\.0");
    }

    private Http.Response read(int minValiditySeconds) {
        return api.get("/v1/credentials?provider=harvest&tenantId=org_e&credentialFor=installation&minValiditySeconds="
                + minValiditySeconds);
    }

    private JsonNode installation() {
        return api.get("/v1/installations/harvest/org_e").json();
    }

    private List<String> eventTypes() {
        List<String> types = new ArrayList<>();
        api.get("/v1/events?limit=1000")
                .json()
                .path("data")
                .forEach(e -> types.add(e.path("type").asText()));
        return types;
    }

    private JsonNode lastEvent(String type) {
        JsonNode last = null;
        for (JsonNode e : api.get("/v1/events?limit=1000").json().path("data")) {
            if (type.equals(e.path("type").asText())) {
                last = e;
            }
        }
        assertThat(last).as("an event of type " + type).isNotNull();
        return last;
    }

    private void awaitHeld(int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (broker.harvest.heldTokenResponses() < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(broker.harvest.heldTokenResponses()).isEqualTo(n);
    }
}
