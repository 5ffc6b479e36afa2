package dev.authpipe.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edge cases found in review: shutdown mid-refresh, broken credentials, races, stray requests. */
class HardeningTest {
    @TempDir
    Path dir;

    TestBroker broker;
    String key;
    Http api;

    @BeforeEach
    void start() {
        broker = TestBroker.start(dir);
        key = broker.createProject("Hardening");
        api = broker.project(key);
        broker.configureHarvest(api);
        broker.install(api, "org_x");
    }

    @AfterEach
    void stop() {
        if (broker.server != null) {
            broker.close();
        } else {
            broker.harvest.close();
        }
    }

    @Test
    void aGracefulShutdownCommitsARefreshTheProviderIsStillAnswering() throws Exception {
        broker.install(api, "org_probe");
        broker.harvest.rotateRefreshTokens(true);
        broker.clock.advance(Duration.ofDays(14));
        broker.harvest.holdTokenResponses();
        CompletableFuture<Http.Response> read = CompletableFuture.supplyAsync(() -> read("org_x"));
        awaitHeld();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> broker.server.close());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Http.Response probe;
        do {
            probe = read("org_probe");
        } while (!probe.body().contains("shutting down") && System.nanoTime() < deadline);
        assertThat(probe.status())
                .as("new refreshes are refused while draining")
                .isEqualTo(503);

        broker.harvest.releaseTokenResponses();
        closing.get(60, TimeUnit.SECONDS);
        assertThat(read.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        broker.server = broker.startServer(broker.masterKey);
        Http.Response after =
                broker.project(key).get("/v1/credentials?provider=harvest&tenantId=org_x&credentialFor=installation");
        assertThat(after.status()).as(after.body()).isEqualTo(200);
        assertThat(broker.harvest.refreshCount())
                .as("the rotated token was kept, not re-requested")
                .isEqualTo(1);
    }

    @Test
    void aCredentialThatNoLongerDecryptsBacksOffAndSaysSo() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("authpipe.db"));
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE credentials SET refresh_token = access_token");
        }
        broker.clock.advance(Duration.ofDays(14));
        assertThat(broker.server.runDueRefreshes()).isEqualTo(1);
        assertThat(broker.server.runDueRefreshes())
                .as("not claimed again at once")
                .isZero();
        assertThat(api.get("/v1/installations/harvest/org_x")
                        .json()
                        .path("refresh")
                        .path("lastError")
                        .asText())
                .isEqualTo("internal: VaultException");
    }

    @Test
    void aCheckOfACredentialDeletedWhileItRunsAnswers404() throws Exception {
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        HttpServer slowAccounts = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slowAccounts.createContext("/", exchange -> {
            reached.countDown();
            try {
                answer.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"user\":{\"id\":5001},\"accounts\":[{\"id\":100001,\"product\":\"harvest\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        slowAccounts.start();
        try {
            Map<String, Object> integration = new LinkedHashMap<>(broker.harvestIntegration());
            Map<String, Object> overrides = new LinkedHashMap<>(castMap(integration.get("endpointOverrides")));
            overrides.put(
                    "accounts", "http://127.0.0.1:" + slowAccounts.getAddress().getPort() + "/api/v2/accounts");
            integration.put("endpointOverrides", overrides);
            assertThat(api.put("/v1/integrations/harvest", integration).status())
                    .isEqualTo(200);

            CompletableFuture<Http.Response> check =
                    CompletableFuture.supplyAsync(() -> api.post("/v1/installations/harvest/org_x/check", ""));
            assertThat(reached.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(api.delete("/v1/installations/harvest/org_x").status()).isEqualTo(204);
            answer.countDown();
            Http.Response r = check.get(30, TimeUnit.SECONDS);
            assertThat(r.status()).as(r.body()).isEqualTo(404);
            assertThat(r.errorCode()).isEqualTo("not_installed");
        } finally {
            answer.countDown();
            slowAccounts.stop(0);
        }
    }

    @Test
    void strayRequestsOutsideTheApiGetTheirOwnStatus() {
        Http.Response missing = broker.anonymous().get("/no-such-page");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("not_found");
        Http.Response wrongMethod = broker.anonymous().post("/healthz", "{}");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.errorCode()).isEqualTo("method_not_allowed");
    }

    @Test
    void importedMetadataCannotRenameTheCredentialInItsEvent() {
        Http.Response r = api.post(
                "/v1/credentials/import",
                Map.of(
                        "provider",
                        "harvest",
                        "tenantId",
                        "org_real",
                        "credentialFor",
                        "installation",
                        "accessToken",
                        "t",
                        "metadata",
                        Map.of("tenantId", "org_fake", "userId", "someone", "accountIds", List.of("100001"))));
        assertThat(r.status()).isEqualTo(201);
        var events = api.get("/v1/events?limit=1000").json().path("data");
        var last = events.get(events.size() - 1);
        assertThat(last.path("data").path("tenantId").asText()).isEqualTo("org_real");
        assertThat(last.path("data").has("userId")).isFalse();
    }

    private Http.Response read(String tenant) {
        return api.get("/v1/credentials?provider=harvest&tenantId=" + tenant + "&credentialFor=installation");
    }

    private void awaitHeld() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (broker.harvest.heldTokenResponses() < 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(broker.harvest.heldTokenResponses()).isEqualTo(1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    static long count(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
