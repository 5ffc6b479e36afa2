package dev.authpipe.bench;

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
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Health-check throughput: N Harvest credentials, all due, checked by the health sweeper against
 * the local Harvest sandbox (two requests each: the accounts endpoint and users/me).
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.authpipe.bench.HealthThroughput [n] [jdbc-url]}
 */
public final class HealthThroughput {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private HealthThroughput() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        Path dir = Files.createTempDirectory("authpipe-health-bench");
        String url = args.length > 1 ? args[1] : "jdbc:sqlite:" + dir.resolve("authpipe.db");
        MovableClock clock = new MovableClock(Instant.now());
        try (HarvestSandbox harvest = HarvestSandbox.start(SandboxOptions.defaults()
                .withClock(clock)
                .withClients(List.of(OAuthClient.of("bench", "bench-secret", "http://localhost"))))) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("AUTHPIPE_PORT", "0");
            env.put("AUTHPIPE_DATABASE_URL", url);
            env.put("AUTHPIPE_MASTER_KEY", LocalKek.generateBase64());
            env.put("AUTHPIPE_ADMIN_KEY", "bench-admin-key-0123456789");
            env.put("AUTHPIPE_SWEEP_INTERVAL", "PT1000H");
            try (AuthpipeServer server = AuthpipeServer.start(
                    Config.fromEnvironment(env, false, false), clock, ProviderHttp.withDefaults())) {
                setUp(server, harvest, n, clock);
                clock.advance(Duration.ofHours(7));
                long requestsBefore = harvest.requests().size();
                long started = System.nanoTime();
                int checked = 0;
                int pass;
                while ((pass = server.runDueHealthChecks()) > 0) {
                    checked += pass;
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf(
                        "store=%s credentials=%d checked=%d provider-requests=%d seconds=%.2f checks/s=%.0f%n",
                        url.startsWith("jdbc:sqlite") ? "sqlite" : "postgresql",
                        n,
                        checked,
                        harvest.requests().size() - requestsBefore,
                        seconds,
                        checked / seconds);
            }
        }
    }

    private static void setUp(AuthpipeServer server, HarvestSandbox harvest, int n, MovableClock clock)
            throws Exception {
        String base = server.baseUrl();
        String key = field(
                send(base + "/v1/admin/projects", "bench-admin-key-0123456789", "{\"name\":\"bench\"}", "POST"),
                "secretKey");
        send(
                base + "/v1/integrations/harvest",
                key,
                "{\"clientId\":\"bench\",\"clientSecret\":\"bench-secret\","
                        + "\"settings\":{\"userAgent\":\"Bench (bench@example.com)\"},\"endpointOverrides\":{"
                        + "\"token\":\"" + harvest.baseUrl() + "/api/v2/oauth2/token\","
                        + "\"accounts\":\"" + harvest.baseUrl() + "/api/v2/accounts\","
                        + "\"healthCheck\":\"" + harvest.baseUrl() + "/v2/users/me\"}}",
                "PUT");
        harvest.autoConsent(5001, 100001);
        String location = HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                harvest.baseUrl()
                                                        + "/oauth2/authorize?response_type=code&client_id=bench&redirect_uri=http://localhost/cb&state=s"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .headers()
                .firstValue("Location")
                .orElseThrow();
        String code = location.replaceAll(".*[?&]code=([^&]*).*", "$1");
        String tokens = HTTP.send(
                        HttpRequest.newBuilder(URI.create(harvest.baseUrl() + "/api/v2/oauth2/token"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .header("User-Agent", "Bench (bench@example.com)")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "grant_type=authorization_code&code=" + code
                                                        + "&redirect_uri=http%3A%2F%2Flocalhost%2Fcb&client_id=bench&client_secret=bench-secret"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        String access = field(tokens, "access_token");
        String refresh = field(tokens, "refresh_token");
        String expires = clock.instant().plus(Duration.ofDays(14)).toString();
        for (int i = 0; i < n; i++) {
            send(
                    base + "/v1/credentials/import",
                    key,
                    "{\"provider\":\"harvest\",\"tenantId\":\"t" + i
                            + "\",\"credentialFor\":\"installation\",\"accessToken\":\"" + access
                            + "\",\"refreshToken\":\""
                            + refresh + "\",\"expiresAt\":\"" + expires
                            + "\",\"metadata\":{\"accountIds\":[\"100001\"]}}",
                    "POST");
        }
    }

    private static String send(String url, String bearer, String json, String method) throws Exception {
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
        int start = at + name.length() + 4;
        return json.substring(start, json.indexOf('"', start));
    }

    /** A clock the benchmark moves past the first checks' due times. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
