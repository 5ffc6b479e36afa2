package dev.authpipe.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authpipe.sandbox.HarvestSandbox;
import dev.authpipe.sandbox.OAuthClient;
import dev.authpipe.sandbox.SandboxOptions;
import dev.authpipe.vault.LocalKek;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker process is killed (SIGKILL) while a refresh is in flight at the provider; a new
 * process on the same database and key takes over once the dead one's lease lapses.
 */
class CrashRecoveryIT {
    @TempDir
    Path dir;

    HarvestSandbox harvest;
    Map<String, String> env;
    final List<BrokerProcess> processes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        harvest = HarvestSandbox.start(SandboxOptions.defaults()
                .withClock(Clock.systemUTC())
                .withExpiresIn(15)
                .withClients(
                        List.of(OAuthClient.of(TestBroker.CLIENT_ID, TestBroker.CLIENT_SECRET, "http://localhost"))));
        env = new LinkedHashMap<>();
        env.put("AUTHPIPE_DATABASE_URL", "jdbc:sqlite:" + dir.resolve("authpipe.db"));
        env.put("AUTHPIPE_MASTER_KEY", LocalKek.generateBase64());
        env.put("AUTHPIPE_ADMIN_KEY", TestBroker.ADMIN_KEY);
        env.put("AUTHPIPE_SWEEP_INTERVAL", "PT1000H");
        env.put("AUTHPIPE_REFRESH_LEASE", "PT2S");
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        harvest.releaseTokenResponses();
        for (BrokerProcess p : processes) {
            p.close();
        }
        harvest.close();
    }

    @Test
    void aRefreshInterruptedBySigkillIsCompletedByTheNextProcess() throws Exception {
        BrokerProcess first = start();
        String key = installThrough(first);
        Http api = new Http(first.baseUrl, key);
        String original = api.get("/v1/credentials?provider=harvest&tenantId=org_crash&minValiditySeconds=0")
                .json()
                .path("credential")
                .asText();

        harvest.expiresIn(3600);
        harvest.holdTokenResponses();
        CompletableFuture<Http.Response> inFlight = CompletableFuture.supplyAsync(() -> read(api));
        awaitHeld();
        first.kill();
        harvest.releaseTokenResponses();
        assertThat(inFlight).failsWithin(30, TimeUnit.SECONDS);

        BrokerProcess second = start();
        Http again = new Http(second.baseUrl, key);
        Http.Response after = read(again);
        assertThat(after.status()).as(after.body() + second.readLog()).isEqualTo(200);
        assertThat(after.json().path("credential").asText()).isNotEqualTo(original);
        assertThat(after.json().path("status").asText()).isEqualTo("active");
        assertThat(harvest.refreshCount())
                .as("the lost refresh and the completed one")
                .isEqualTo(2);
        assertThat(events(again)).containsExactly("installation.created", "credential.refreshed");
        assertThat(read(again).json().path("credential").asText())
                .isEqualTo(after.json().path("credential").asText());
        assertLogsHoldNoSecret(List.of(original, after.json().path("credential").asText(), key));
    }

    /**
     * The crash, the lost lease and the retried refresh are all logged; no log line of either process
     * may carry a token, a code, a key or the client secret. The refresh tokens and codes are the
     * ones the broker itself sent to the sandbox.
     */
    private void assertLogsHoldNoSecret(List<String> known) {
        List<String> secrets = new ArrayList<>(known);
        secrets.add(env.get("AUTHPIPE_MASTER_KEY"));
        secrets.add(TestBroker.ADMIN_KEY);
        secrets.add(TestBroker.CLIENT_SECRET);
        for (var request : harvest.requests("/api/v2/oauth2/token")) {
            for (String field : List.of("refresh_token", "code")) {
                secrets.addAll(request.body().getOrDefault(field, List.of()));
            }
        }
        assertThat(secrets).hasSizeGreaterThan(known.size() + 4);
        for (BrokerProcess p : processes) {
            String log = p.readLog();
            assertThat(log).as("the broker logged its refreshes").contains("harvest/org_crash");
            for (String secret : secrets) {
                assertThat(log).doesNotContain(secret);
            }
        }
    }

    @Test
    void withStrictRotationTheLostRefreshTokenEndsInAVisibleReconnect() throws Exception {
        harvest.rotateRefreshTokens(true);
        BrokerProcess first = start();
        String key = installThrough(first);
        Http api = new Http(first.baseUrl, key);

        harvest.holdTokenResponses();
        CompletableFuture<Http.Response> inFlight = CompletableFuture.supplyAsync(() -> read(api));
        awaitHeld();
        first.kill();
        harvest.releaseTokenResponses();
        assertThat(inFlight).failsWithin(30, TimeUnit.SECONDS);

        BrokerProcess second = start();
        Http again = new Http(second.baseUrl, key);
        Http.Response after = read(again);
        assertThat(after.status()).isEqualTo(409);
        assertThat(after.errorCode()).isEqualTo("reconnect_required");
        assertThat(events(again)).containsExactly("installation.created", "credential.revoked");
    }

    private BrokerProcess start() {
        BrokerProcess p = BrokerProcess.start(dir, env);
        processes.add(p);
        return p;
    }

    private String installThrough(BrokerProcess broker) {
        Http admin = new Http(broker.baseUrl, TestBroker.ADMIN_KEY);
        String key = admin.post("/v1/admin/projects", Map.of("name", "Crash"))
                .json()
                .path("secretKey")
                .asText();
        TestBroker.configureAndInstall(new Http(broker.baseUrl, key), harvest, "org_crash");
        return key;
    }

    private static Http.Response read(Http api) {
        return api.get("/v1/credentials?provider=harvest&tenantId=org_crash&minValiditySeconds=60");
    }

    private static List<String> events(Http api) {
        List<String> types = new ArrayList<>();
        api.get("/v1/events")
                .json()
                .path("data")
                .forEach(e -> types.add(e.path("type").asText()));
        return types;
    }

    private void awaitHeld() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (harvest.heldTokenResponses() < 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(harvest.heldTokenResponses()).isEqualTo(1);
    }
}
