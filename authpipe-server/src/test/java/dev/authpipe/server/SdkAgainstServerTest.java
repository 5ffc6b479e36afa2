package dev.authpipe.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authpipe.sdk.Authpipe;
import dev.authpipe.sdk.Credential;
import dev.authpipe.sdk.CredentialRequest;
import dev.authpipe.sdk.NotAuthorized;
import dev.authpipe.sdk.NotInstalled;
import dev.authpipe.sdk.Unauthorized;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java SDK against a running broker. */
class SdkAgainstServerTest {
    @TempDir
    static Path dir;

    static TestBroker broker;
    static String key;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(dir);
        key = broker.createProject("SDK");
        Http api = broker.project(key);
        broker.configureHarvest(api);
        broker.install(api, "org_sdk");
        broker.harvest.autoConsent(5002, 100001);
        TestBroker.walk(broker.session(api, "org_sdk", "user_123"));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void readsInstallationAndUserCredentialsAndServesRepeatsFromItsCache() {
        try (Authpipe authpipe = Authpipe.builder()
                .baseUrl(broker.server.baseUrl())
                .secretKey(key)
                .clock(broker.clock)
                .build()) {
            Credential bot = authpipe.getCredential(CredentialRequest.installation("harvest", "org_sdk"));
            Credential user = authpipe.getCredential(CredentialRequest.user("harvest", "org_sdk", "user_123"));

            assertThat(bot.credential()).startsWith("5001.at.");
            assertThat(user.credential()).startsWith("5002.at.");
            assertThat(bot.tokenType()).isEqualTo("bearer");
            assertThat(bot.expiresAt()).isEqualTo(broker.clock.instant().plusSeconds(1_209_600));
            assertThat(bot.metadata().get("accountIds")).isEqualTo(java.util.List.of("100001"));
            assertThat(bot.status()).isEqualTo("active");
            assertThat(bot.toString()).doesNotContain(bot.credential());

            awaitCredentialReads(2);
            for (int i = 0; i < 100; i++) {
                assertThat(authpipe.getCredential(CredentialRequest.installation("harvest", "org_sdk")))
                        .isSameAs(bot);
            }
            assertThat(credentialReads()).isEqualTo(2);
        }
    }

    @Test
    void surfacesTypedErrorsWithTheServersCode() {
        try (Authpipe authpipe = Authpipe.builder()
                .baseUrl(broker.server.baseUrl())
                .secretKey(key)
                .build()) {
            assertThatThrownBy(() -> authpipe.getCredential(CredentialRequest.installation("harvest", "org_missing")))
                    .isInstanceOf(NotInstalled.class)
                    .hasMessageContaining("org_missing");
            assertThatThrownBy(() -> authpipe.getCredential(CredentialRequest.user("harvest", "org_sdk", "nobody")))
                    .isInstanceOfSatisfying(
                            NotAuthorized.class, e -> assertThat(e.code()).isEqualTo("not_authorized"));
        }
        try (Authpipe wrong = Authpipe.builder()
                .baseUrl(broker.server.baseUrl())
                .secretKey("sk_wrong")
                .build()) {
            assertThatThrownBy(() -> wrong.getCredential(CredentialRequest.installation("harvest", "org_sdk")))
                    .isInstanceOfSatisfying(
                            Unauthorized.class, e -> assertThat(e.httpStatus()).isEqualTo(401));
        }
    }

    /** Waits until the server's metrics have recorded {@code expected} reads (recording follows the response). */
    private static void awaitCredentialReads(long expected) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (credentialReads() < expected && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(credentialReads()).isEqualTo(expected);
    }

    /** How many GET /v1/credentials the server has answered, from its own metrics. */
    private static long credentialReads() {
        String metrics = broker.anonymous().get("/metrics").body();
        return metrics.lines()
                .filter(l -> l.startsWith("authpipe_http_requests_seconds_count")
                        && l.contains("route=\"/v1/credentials\"")
                        && l.contains("method=\"GET\"")
                        && l.contains("status=\"200\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
