package dev.authpipe.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authpipe.oauth.ProviderHttp;
import dev.authpipe.sandbox.HarvestSandbox;
import dev.authpipe.sandbox.OAuthClient;
import dev.authpipe.sandbox.SandboxOptions;
import dev.authpipe.vault.LocalKek;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A running broker on a real SQLite file with a Harvest sandbox beside it, sharing one clock.
 * Each test class gets its own; nothing is shared between classes.
 */
final class TestBroker implements AutoCloseable {
    static final String ADMIN_KEY = "test-admin-key-0123456789";
    static final String CLIENT_ID = "authpipe-test-client";
    static final String CLIENT_SECRET = "test-client-secret-value";
    static final String USER_AGENT = "Authpipe Tests (ops@authpipe.example)";
    static final String APP_ORIGIN = "https://app.acme.example";

    final MutableClock clock;
    final HarvestSandbox harvest;
    final Path dataDir;
    final String masterKey;
    AuthpipeServer server;

    private TestBroker(MutableClock clock, HarvestSandbox harvest, Path dataDir, String masterKey) {
        this.clock = clock;
        this.harvest = harvest;
        this.dataDir = dataDir;
        this.masterKey = masterKey;
    }

    private final Map<String, String> extraEnv = new LinkedHashMap<>();

    /** Starts with extra environment variables (e.g. AUTHPIPE_WEBHOOK_ALLOW_PRIVATE). */
    static TestBroker start(Path dataDir, Map<String, String> env) {
        MutableClock clock = MutableClock.at("2026-11-28T09:00:00Z");
        HarvestSandbox harvest = HarvestSandbox.start(SandboxOptions.defaults()
                .withClock(clock)
                .withClients(List.of(OAuthClient.of(CLIENT_ID, CLIENT_SECRET, "http://localhost"))));
        TestBroker broker = new TestBroker(clock, harvest, dataDir, LocalKek.generateBase64());
        broker.extraEnv.putAll(env);
        broker.server = broker.startServer(broker.masterKey);
        return broker;
    }

    static TestBroker start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    AuthpipeServer startServer(String key) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AUTHPIPE_PORT", "0");
        env.put("AUTHPIPE_DATABASE_URL", "jdbc:sqlite:" + dataDir.resolve("authpipe.db"));
        env.put("AUTHPIPE_MASTER_KEY", key);
        env.put("AUTHPIPE_ADMIN_KEY", ADMIN_KEY);
        env.put("AUTHPIPE_SWEEP_INTERVAL", "PT1000H");
        env.putAll(extraEnv);
        return AuthpipeServer.start(Config.fromEnvironment(env, false, false), clock, ProviderHttp.withDefaults());
    }

    void restart() {
        server.close();
        server = startServer(masterKey);
    }

    /** Restarts on the same data with {@code env} added to the environment. */
    void restartWith(Map<String, String> env) {
        extraEnv.putAll(env);
        restart();
    }

    Http admin() {
        return new Http(server.baseUrl(), ADMIN_KEY);
    }

    Http anonymous() {
        return new Http(server.baseUrl(), null);
    }

    Http project(String secretKey) {
        return new Http(server.baseUrl(), secretKey);
    }

    /** Sets the project's webhook to {@code url}; returns the signing secret. */
    static String webhook(Http api, String url) {
        Http.Response r = api.put("/v1/webhook", Map.of("url", url));
        assertThat(r.status()).as(r.body()).isIn(200, 201);
        return r.json().path("secret").asText();
    }

    /** Creates a project allowed to receive results at {@link #APP_ORIGIN}; returns its secret key. */
    String createProject(String name) {
        Http.Response r =
                admin().post("/v1/admin/projects", Map.of("name", name, "allowedOrigins", List.of(APP_ORIGIN)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("secretKey").asText();
    }

    /** Configures the harvest integration of a project against the sandbox. */
    Http.Response configureHarvest(Http api) {
        return api.put("/v1/integrations/harvest", harvestIntegration());
    }

    Map<String, Object> harvestIntegration() {
        return harvestIntegration(harvest.baseUrl());
    }

    /** The harvest integration of the tests: the sandbox's client, endpoints and a valid User-Agent. */
    static Map<String, Object> harvestIntegration(String sandboxBaseUrl) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clientId", CLIENT_ID);
        body.put("clientSecret", CLIENT_SECRET);
        body.put(
                "endpointOverrides",
                Map.of(
                        "authorize", sandboxBaseUrl + "/oauth2/authorize",
                        "token", sandboxBaseUrl + "/api/v2/oauth2/token",
                        "accounts", sandboxBaseUrl + "/api/v2/accounts",
                        "healthCheck", sandboxBaseUrl + "/v2/users/me"));
        body.put("settings", Map.of("userAgent", USER_AGENT));
        return body;
    }

    /** Configures harvest against {@code harvest} and installs it for {@code tenant} as Ada (account 100001). */
    static void configureAndInstall(Http api, HarvestSandbox harvest, String tenant) {
        Http.Response integration = api.put("/v1/integrations/harvest", harvestIntegration(harvest.baseUrl()));
        assertThat(integration.status()).as(integration.body()).isIn(200, 201);
        harvest.autoConsent(5001, 100001);
        String url = api.post(
                        "/v1/connect/sessions",
                        Map.of("provider", "harvest", "tenantId", tenant, "credentialFor", "installation"))
                .json()
                .path("url")
                .asText();
        assertThat(walk(url).callback().status()).isEqualTo(200);
    }

    /** Mints a connect session and returns its URL. */
    String session(Http api, String tenantId, String userId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("provider", "harvest");
        body.put("tenantId", tenantId);
        body.put("credentialFor", userId == null ? "installation" : "user");
        if (userId != null) {
            body.put("userId", userId);
        }
        body.put("origin", APP_ORIGIN);
        Http.Response r = api.post("/v1/connect/sessions", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("url").asText();
    }

    /** The browser's three hops through a connect URL, with the provider consenting as configured. */
    record Walk(Http.Response open, Http.Response authorize, Http.Response callback) {
        String authorizeUrl() {
            return open.location();
        }

        String callbackUrl() {
            return authorize.location();
        }
    }

    static Walk walk(String connectUrl) {
        BrowserBindingTest.Browser browser = new BrowserBindingTest.Browser();
        Http.Response open = browser.get(connectUrl);
        assertThat(open.status()).as(open.body()).isEqualTo(302);
        Http.Response authorize = browser.get(open.location());
        assertThat(authorize.status()).as(authorize.body()).isEqualTo(302);
        Http.Response callback = browser.get(authorize.location());
        return new Walk(open, authorize, callback);
    }

    /** Installs harvest for {@code tenantId} as Ada (admin of account 100001). */
    Walk install(Http api, String tenantId) {
        harvest.autoConsent(5001, 100001);
        Walk walk = walk(session(api, tenantId, null));
        assertThat(walk.callback().status()).as(walk.callback().body()).isEqualTo(200);
        return walk;
    }

    static List<String> texts(com.fasterxml.jackson.databind.JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        harvest.close();
    }
}
