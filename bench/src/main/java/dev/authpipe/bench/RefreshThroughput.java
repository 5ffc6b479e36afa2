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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Refresh throughput: N credentials, all due, refreshed by the scheduler against the local
 * Harvest sandbox on loopback, on the embedded SQLite store (or PostgreSQL given a URL).
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.authpipe.bench.RefreshThroughput [n] [jdbc-url]}
 */
public final class RefreshThroughput {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private RefreshThroughput() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        Path dir = Files.createTempDirectory("authpipe-refresh-bench");
        String url = args.length > 1 ? args[1] : "jdbc:sqlite:" + dir.resolve("authpipe.db");
        try (HarvestSandbox harvest = HarvestSandbox.start(SandboxOptions.defaults()
                .withClients(List.of(OAuthClient.of("bench", "bench-secret", "http://localhost"))))) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("AUTHPIPE_PORT", "0");
            env.put("AUTHPIPE_DATABASE_URL", url);
            env.put("AUTHPIPE_MASTER_KEY", LocalKek.generateBase64());
            env.put("AUTHPIPE_ADMIN_KEY", "bench-admin-key-0123456789");
            env.put("AUTHPIPE_SWEEP_INTERVAL", "PT1000H");
            try (AuthpipeServer server = AuthpipeServer.start(
                    Config.fromEnvironment(env, false, false), Clock.systemUTC(), ProviderHttp.withDefaults())) {
                String key = setUp(server, harvest, n);
                long refreshesBefore = harvest.refreshCount();
                long started = System.nanoTime();
                int done = 0;
                int pass;
                while ((pass = server.runDueRefreshes()) > 0) {
                    done += pass;
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                long upstream = harvest.refreshCount() - refreshesBefore;
                System.out.printf(
                        "store=%s credentials=%d refreshed=%d upstream=%d seconds=%.2f refreshes/s=%.0f%n",
                        url.startsWith("jdbc:sqlite") ? "sqlite" : "postgresql",
                        n,
                        done,
                        upstream,
                        seconds,
                        upstream / seconds);
                if (key.isEmpty()) {
                    throw new IllegalStateException("no project key");
                }
            }
        }
    }

    /** A project, the Harvest integration against the sandbox, and n imported credentials already due. */
    private static String setUp(AuthpipeServer server, HarvestSandbox harvest, int n) throws Exception {
        String base = server.baseUrl();
        String key = field(
                post(base + "/v1/admin/projects", "bench-admin-key-0123456789", "{\"name\":\"bench\"}"), "secretKey");
        post(
                base + "/v1/integrations/harvest",
                key,
                "{\"clientId\":\"bench\",\"clientSecret\":\"bench-secret\","
                        + "\"settings\":{\"userAgent\":\"Bench (bench@example.com)\"},\"endpointOverrides\":{\"token\":\""
                        + harvest.baseUrl() + "/api/v2/oauth2/token\"}}",
                "PUT");
        String refreshToken = sandboxRefreshToken(harvest);
        String expired = Instant.now().minusSeconds(60).toString();
        for (int i = 0; i < n; i++) {
            post(
                    base + "/v1/credentials/import",
                    key,
                    "{\"provider\":\"harvest\",\"tenantId\":\"t" + i
                            + "\",\"credentialFor\":\"installation\",\"accessToken\":\"old-" + i
                            + "\",\"refreshToken\":\""
                            + refreshToken + "\",\"expiresAt\":\"" + expired
                            + "\",\"metadata\":{\"accountIds\":[\"100001\"]}}");
        }
        return key;
    }

    private static String sandboxRefreshToken(HarvestSandbox harvest) throws Exception {
        harvest.autoConsent(5001, 100001);
        HttpResponse<String> authorize = HTTP.send(
                HttpRequest.newBuilder(
                                URI.create(
                                        harvest.baseUrl()
                                                + "/oauth2/authorize?response_type=code&client_id=bench&redirect_uri=http://localhost/cb&state=s"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String location = authorize.headers().firstValue("Location").orElseThrow();
        String code = FormEncoding.decode(URI.create(location).getRawQuery()).get("code");
        HttpResponse<String> token = HTTP.send(
                HttpRequest.newBuilder(URI.create(harvest.baseUrl() + "/api/v2/oauth2/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("User-Agent", "Bench (bench@example.com)")
                        .POST(HttpRequest.BodyPublishers.ofString(FormEncoding.encode(Map.of(
                                "grant_type",
                                "authorization_code",
                                "code",
                                code,
                                "redirect_uri",
                                "http://localhost/cb",
                                "client_id",
                                "bench",
                                "client_secret",
                                "bench-secret"))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return field(token.body(), "refresh_token");
    }

    private static String post(String url, String bearer, String json) throws Exception {
        return post(url, bearer, json, "POST");
    }

    private static String post(String url, String bearer, String json, String method) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + bearer)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
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
}
