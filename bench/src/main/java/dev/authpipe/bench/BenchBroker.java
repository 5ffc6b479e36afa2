package dev.authpipe.bench;

import dev.authpipe.oauth.FormEncoding;
import dev.authpipe.oauth.ProviderHttp;
import dev.authpipe.sandbox.HarvestSandbox;
import dev.authpipe.sandbox.OAuthClient;
import dev.authpipe.sandbox.SandboxOptions;
import dev.authpipe.server.AuthpipeServer;
import dev.authpipe.server.Config;
import dev.authpipe.vault.LocalKek;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * What the throughput benchmarks share: the broker on a store of choice beside the Harvest
 * sandbox, both on one clock, set up through the REST API as a user would. The sweepers are left
 * idle so that a benchmark runs them itself and times them.
 */
final class BenchBroker implements AutoCloseable {
    private static final String ADMIN_KEY = "bench-admin-key-0123456789";
    private static final String CLIENT_ID = "bench";
    private static final String CLIENT_SECRET = "bench-secret";
    private static final String REDIRECT_URI = "http://localhost/cb";
    private static final String USER_AGENT = "Bench (bench@example.com)";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    final HarvestSandbox harvest;
    final AuthpipeServer server;
    private final String jdbcUrl;

    private BenchBroker(HarvestSandbox harvest, AuthpipeServer server, String jdbcUrl) {
        this.harvest = harvest;
        this.server = server;
        this.jdbcUrl = jdbcUrl;
    }

    static BenchBroker start(String jdbcUrl, Clock clock) {
        HarvestSandbox harvest = HarvestSandbox.start(SandboxOptions.defaults()
                .withClock(clock)
                .withClients(List.of(OAuthClient.of(CLIENT_ID, CLIENT_SECRET, "http://localhost"))));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AUTHPIPE_PORT", "0");
        env.put("AUTHPIPE_DATABASE_URL", jdbcUrl);
        env.put("AUTHPIPE_MASTER_KEY", LocalKek.generateBase64());
        env.put("AUTHPIPE_ADMIN_KEY", ADMIN_KEY);
        env.put("AUTHPIPE_SWEEP_INTERVAL", "PT1000H");
        try {
            AuthpipeServer server =
                    AuthpipeServer.start(Config.fromEnvironment(env, false, false), clock, ProviderHttp.withDefaults());
            return new BenchBroker(harvest, server, jdbcUrl);
        } catch (RuntimeException e) {
            harvest.close();
            throw e;
        }
    }

    String storeName() {
        return jdbcUrl.startsWith("jdbc:sqlite") ? "sqlite" : "postgresql";
    }

    /** A new project; returns its secret key. */
    String createProject() throws Exception {
        return field(send("/v1/admin/projects", ADMIN_KEY, "{\"name\":\"bench\"}", "POST"), "secretKey");
    }

    /** The Harvest integration, with the named catalog endpoints pointed at the sandbox. */
    void configureHarvest(String key, Map<String, String> sandboxPaths) throws Exception {
        StringBuilder overrides = new StringBuilder();
        sandboxPaths.forEach((name, path) -> overrides
                .append(overrides.length() == 0 ? "" : ",")
                .append('"')
                .append(name)
                .append("\":\"")
                .append(harvest.baseUrl())
                .append(path)
                .append('"'));
        send(
                "/v1/integrations/harvest",
                key,
                "{\"clientId\":\"" + CLIENT_ID + "\",\"clientSecret\":\"" + CLIENT_SECRET + "\",\"settings\":{"
                        + "\"userAgent\":\"" + USER_AGENT + "\"},\"endpointOverrides\":{" + overrides + "}}",
                "PUT");
    }

    /** Real sandbox tokens for Ada in account 100001, from the authorization-code flow. */
    Tokens sandboxTokens() throws Exception {
        harvest.autoConsent(5001, 100001);
        HttpResponse<String> authorize = HTTP.send(
                HttpRequest.newBuilder(URI.create(harvest.baseUrl() + "/oauth2/authorize?response_type=code&client_id="
                                + CLIENT_ID + "&redirect_uri=" + REDIRECT_URI + "&state=s"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String location = authorize.headers().firstValue("Location").orElseThrow();
        String code = FormEncoding.decode(URI.create(location).getRawQuery()).get("code");
        HttpResponse<String> token = HTTP.send(
                HttpRequest.newBuilder(URI.create(harvest.baseUrl() + "/api/v2/oauth2/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("User-Agent", USER_AGENT)
                        .POST(HttpRequest.BodyPublishers.ofString(FormEncoding.encode(Map.of(
                                "grant_type", "authorization_code",
                                "code", code,
                                "redirect_uri", REDIRECT_URI,
                                "client_id", CLIENT_ID,
                                "client_secret", CLIENT_SECRET))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Tokens(field(token.body(), "access_token"), field(token.body(), "refresh_token"));
    }

    /** Imports installations t0 … t{n-1}, each in account 100001. */
    void importInstallations(String key, int n, IntFunction<String> accessToken, String refreshToken, Instant expiresAt)
            throws Exception {
        for (int i = 0; i < n; i++) {
            send(
                    "/v1/credentials/import",
                    key,
                    "{\"provider\":\"harvest\",\"tenantId\":\"t" + i + "\",\"credentialFor\":\"installation\","
                            + "\"accessToken\":\"" + accessToken.apply(i) + "\",\"refreshToken\":\"" + refreshToken
                            + "\",\"expiresAt\":\"" + expiresAt + "\",\"metadata\":{\"accountIds\":[\"100001\"]}}",
                    "POST");
        }
    }

    private String send(String path, String bearer, String json, String method) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                        .header("Authorization", "Bearer " + bearer)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static String field(String json, String name) {
        int at = json.indexOf("\"" + name + "\":\"");
        if (at < 0) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        int start = at + name.length() + 4;
        return json.substring(start, json.indexOf('"', start));
    }

    @Override
    public void close() {
        server.close();
        harvest.close();
    }

    record Tokens(String access, String refresh) {}
}
