package dev.authpipe.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authpipe.oauth.ProviderHttp;
import dev.authpipe.sandbox.HarvestSandbox;
import dev.authpipe.sandbox.OAuthClient;
import dev.authpipe.sandbox.SandboxOptions;
import dev.authpipe.vault.LocalKek;
import dev.authpipe.vault.Randomness;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three broker nodes on one PostgreSQL database, real time, a one-second refresh lease, and a
 * provider that answers the refresh only after several lease lifetimes: 999 simultaneous reads of
 * one expiring credential (a 15-second token, read with 60 seconds of validity asked) spread over
 * the nodes cause exactly one token request upstream.
 */
class MultiNodeRefreshTest {
    static final String URL = System.getenv()
            .getOrDefault(
                    "AUTHPIPE_TEST_POSTGRES_URL",
                    "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=postgres");
    static final Duration LEASE = Duration.ofSeconds(1);

    static String schema;
    static HarvestSandbox harvest;
    static final List<AuthpipeServer> nodes = new ArrayList<>();
    static String projectKey;

    @BeforeAll
    static void start() throws Exception {
        schema =
                "authpipe_nodes_" + Randomness.token(6).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "x");
        try (Connection c = DriverManager.getConnection(URL);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        harvest = HarvestSandbox.start(SandboxOptions.defaults()
                .withClock(Clock.systemUTC())
                .withExpiresIn(15)
                .withClients(
                        List.of(OAuthClient.of(TestBroker.CLIENT_ID, TestBroker.CLIENT_SECRET, "http://localhost"))));
        String masterKey = LocalKek.generateBase64();
        for (int i = 0; i < 3; i++) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("AUTHPIPE_PORT", "0");
            env.put("AUTHPIPE_DATABASE_URL", URL + "&currentSchema=" + schema);
            env.put("AUTHPIPE_MASTER_KEY", masterKey);
            env.put("AUTHPIPE_ADMIN_KEY", TestBroker.ADMIN_KEY);
            env.put("AUTHPIPE_SWEEP_INTERVAL", "PT1000H");
            env.put("AUTHPIPE_REFRESH_LEASE", LEASE.toString());
            nodes.add(AuthpipeServer.start(
                    Config.fromEnvironment(env, false, false), Clock.systemUTC(), ProviderHttp.withDefaults()));
        }
        Http admin = new Http(nodes.get(0).baseUrl(), TestBroker.ADMIN_KEY);
        projectKey = admin.post("/v1/admin/projects", Map.of("name", "Nodes"))
                .json()
                .path("secretKey")
                .asText();
        TestBroker.configureAndInstall(new Http(nodes.get(0).baseUrl(), projectKey), harvest, "org_nodes");
    }

    @AfterAll
    static void stop() throws Exception {
        harvest.releaseTokenResponses();
        nodes.forEach(AuthpipeServer::close);
        harvest.close();
        try (Connection c = DriverManager.getConnection(URL);
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void oneUpstreamRefreshForAThousandReadsAcrossThreeNodesWhileTheProviderOutlastsTheLease() throws Exception {
        long before = harvest.refreshCount();
        harvest.expiresIn(3600);
        harvest.holdTokenResponses();
        int readers = 999;
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Response>> reads = new ArrayList<>();
        try {
            for (int i = 0; i < readers; i++) {
                Http node = new Http(nodes.get(i % nodes.size()).baseUrl(), projectKey);
                reads.add(pool.submit(() -> {
                    go.await();
                    return node.get("/v1/credentials?provider=harvest&tenantId=org_nodes&minValiditySeconds=60");
                }));
            }
            go.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (harvest.heldTokenResponses() < 1 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(harvest.heldTokenResponses()).isEqualTo(1);
            long outlast = System.nanoTime() + LEASE.multipliedBy(4).toNanos();
            while (System.nanoTime() < outlast) {
                assertThat(harvest.refreshCount() - before)
                        .as("token requests while the first is held")
                        .isEqualTo(1);
                Thread.onSpinWait();
            }
            harvest.releaseTokenResponses();

            List<String> tokens = new ArrayList<>();
            for (Future<Http.Response> f : reads) {
                Http.Response r = f.get(60, TimeUnit.SECONDS);
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                tokens.add(r.json().path("credential").asText());
            }
            assertThat(tokens).hasSize(readers).containsOnly(tokens.get(0));
            assertThat(harvest.refreshCount() - before).isEqualTo(1);
        } finally {
            harvest.releaseTokenResponses();
            pool.shutdownNow();
        }
    }
}
