package dev.authpipe.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authpipe.events.WebhookDispatcher;
import dev.authpipe.vault.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduled health checks against the Harvest sandbox (harvest.md §1.14), with the clock moved by
 * hand: revocations and lost accounts are found before a user meets them and announced by a signed
 * webhook; transient failures do not flip a healthy credential; recovery is announced.
 */
class HealthMonitoringTest {
    static final Duration INTERVAL = Duration.ofHours(6);

    @TempDir
    Path dir;

    TestBroker broker;
    Http api;
    WebhookReceiver receiver;
    String secret;

    @BeforeEach
    void start() {
        broker = TestBroker.start(dir);
        api = broker.project(broker.createProject("Health"));
        broker.configureHarvest(api);
        receiver = new WebhookReceiver();
        secret = TestBroker.webhook(api, receiver.url());
        broker.install(api, "org_h");
        broker.harvest.autoConsent(5002, 100001);
        assertThat(TestBroker.walk(broker.session(api, "org_h", "uma"))
                        .callback()
                        .status())
                .isEqualTo(200);
    }

    @AfterEach
    void stop() {
        receiver.close();
        broker.close();
    }

    @Test
    void aRevokedUserIsFoundByTheScheduledCheckAndAnnouncedBySignedWebhook() {
        assertThat(user().path("health").asText()).isEqualTo("healthy");
        assertThat(user().path("lastCheckedAt").isNull()).isTrue();
        Instant firstCheck = Instant.parse(user().path("nextCheckAt").asText());
        assertThat(firstCheck)
                .isBetween(broker.clock.instant(), broker.clock.instant().plus(INTERVAL));

        broker.harvest.revokeGrantsOf(5002);
        broker.clock.advance(INTERVAL.plusMinutes(1));
        assertThat(broker.server.runDueHealthChecks()).isEqualTo(2);

        JsonNode uma = user();
        assertThat(uma.path("health").asText()).isEqualTo("revoked");
        assertThat(uma.path("status").asText()).isEqualTo("revoked");
        assertThat(uma.path("lastCheckedAt").asText())
                .isEqualTo(broker.clock.instant().toString());
        assertThat(uma.path("lastError").asText()).isNotBlank();
        assertThat(installation().path("health").asText()).isEqualTo("healthy");
        Http.Response read = api.get("/v1/credentials?provider=harvest&tenantId=org_h&credentialFor=user&userId=uma");
        assertThat(read.status()).isEqualTo(409);
        assertThat(read.errorCode()).isEqualTo("reconnect_required");

        while (broker.server.runDueDeliveries() > 0) {
            assertThat(receiver.received().size()).isLessThan(100);
        }
        List<JsonNode> delivered = verifiedBodies();
        assertThat(delivered)
                .extracting(b -> b.path("type").asText())
                .contains("installation.created", "user.authorized", "credential.revoked", "health.changed");
        JsonNode changed = delivered.stream()
                .filter(b -> b.path("type").asText().equals("health.changed"))
                .findFirst()
                .orElseThrow();
        assertThat(changed.path("data").path("userId").asText()).isEqualTo("uma");
        assertThat(changed.path("data").path("from").asText()).isEqualTo("healthy");
        assertThat(changed.path("data").path("to").asText()).isEqualTo("revoked");
        assertThat(changed.path("id").asText()).startsWith("evt_");

        broker.clock.advance(INTERVAL.multipliedBy(2));
        broker.server.runDueHealthChecks();
        assertThat(user().path("lastCheckedAt").asText())
                .as("checks stop once revoked")
                .isEqualTo(uma.path("lastCheckedAt").asText());
    }

    @Test
    void aUserRemovedFromTheAccountIsFlaggedAndRecoveryIsAnnounced() {
        broker.harvest.removeFromAccount(5002, 100001);
        broker.clock.advance(INTERVAL.plusMinutes(1));
        broker.server.runDueHealthChecks();
        JsonNode uma = user();
        assertThat(uma.path("health").asText()).isEqualTo("account_access_lost");
        assertThat(uma.path("lastError").asText()).contains("100001");
        assertThat(installation().path("health").asText()).isEqualTo("healthy");
        assertThat(healthEvents()).containsExactly("healthy>account_access_lost");

        broker.harvest.directory().addMembership(5002, 100001, dev.authpipe.sandbox.Role.MEMBER);
        broker.clock.advance(INTERVAL.plusHours(1));
        broker.server.runDueHealthChecks();
        assertThat(user().path("health").asText()).isEqualTo("healthy");
        assertThat(healthEvents()).containsExactly("healthy>account_access_lost", "account_access_lost>healthy");
    }

    @Test
    void oneTransientFailureDoesNotFlipAHealthyCredentialButRepeatedOnesDo() {
        assertThat(api.delete("/v1/installations/harvest/org_h/users/uma").status())
                .isEqualTo(204);
        broker.clock.advance(INTERVAL.plusMinutes(1));
        broker.harvest.failNext("/api/v2/accounts", 500, 1);
        broker.server.runDueHealthChecks();
        JsonNode once = installation();
        assertThat(once.path("health").asText()).isEqualTo("healthy");
        assertThat(once.path("lastError").asText()).contains("500");
        Instant retry = Instant.parse(once.path("nextCheckAt").asText());
        assertThat(Duration.between(broker.clock.instant(), retry)).isEqualTo(Duration.ofMinutes(1));
        assertThat(healthEvents()).isEmpty();

        broker.clock.advance(Duration.ofMinutes(1));
        broker.server.runDueHealthChecks();
        assertThat(installation().path("health").asText()).isEqualTo("healthy");
        assertThat(installation().path("lastError").isNull()).isTrue();

        broker.harvest.failNext("/api/v2/accounts", 503, 3);
        for (int i = 0; i < 3; i++) {
            broker.clock.advance(INTERVAL.plusHours(1)); // beyond the interval's jitter (a tenth)
            assertThat(broker.server.runDueHealthChecks()).isEqualTo(1);
        }
        assertThat(installation().path("health").asText()).isEqualTo("unknown");
        broker.clock.advance(INTERVAL.plusHours(1));
        broker.server.runDueHealthChecks();
        assertThat(installation().path("health").asText()).isEqualTo("healthy");
        List<String> installationChanges = new ArrayList<>();
        api.get("/v1/events?limit=1000").json().path("data").forEach(e -> {
            if (e.path("type").asText().equals("health.changed")
                    && !e.path("data").has("userId")) {
                installationChanges.add(e.path("data").path("to").asText()
                        + (e.path("data").path("recovered").asBoolean() ? " (recovered)" : ""));
            }
        });
        assertThat(installationChanges).containsExactly("unknown", "healthy (recovered)");
    }

    @Test
    void aRateLimitedCheckWaitsForRetryAfter() {
        broker.clock.advance(INTERVAL.plusMinutes(1));
        broker.harvest.rateLimitNext("/api/v2/accounts", 2, 600);
        broker.server.runDueHealthChecks();
        Instant next = Instant.parse(installation().path("nextCheckAt").asText());
        assertThat(Duration.between(broker.clock.instant(), next)).isGreaterThanOrEqualTo(Duration.ofSeconds(600));
    }

    @Test
    void usersOfAnInstallationReconnectedIntoAnotherAccountAreCheckedAtOnceAndFlagged() {
        broker.clock.advance(Duration.ofMinutes(1));
        broker.harvest.autoConsent(5003, 100002);
        assertThat(TestBroker.walk(broker.session(api, "org_h", null))
                        .callback()
                        .status())
                .isEqualTo(200);
        assertThat(TestBroker.texts(installation().path("metadata").path("accountIds")))
                .containsExactly("100002");
        assertThat(Instant.parse(user().path("nextCheckAt").asText()))
                .as("the user's check was brought forward to the reinstall")
                .isEqualTo(broker.clock.instant());

        assertThat(broker.server.runDueHealthChecks()).isEqualTo(1);

        JsonNode uma = user();
        assertThat(uma.path("health").asText()).isEqualTo("account_access_lost");
        assertThat(uma.path("lastError").asText()).contains("100001").contains("authorize again");
        assertThat(healthEvents()).containsExactly("healthy>account_access_lost");
    }

    @Test
    void aReinstallIntoTheSameAccountKeepsItsUsersHealthy() {
        broker.clock.advance(Duration.ofMinutes(1));
        broker.install(api, "org_h");
        assertThat(broker.server.runDueHealthChecks()).isEqualTo(1);

        assertThat(user().path("health").asText()).isEqualTo("healthy");
        assertThat(user().path("lastCheckedAt").asText())
                .isEqualTo(broker.clock.instant().toString());
        assertThat(healthEvents()).isEmpty();
    }

    @Test
    void aForcedCheckRunsNowAndARevokedInstallationBlocksNewUsers() {
        broker.harvest.revokeGrantsOf(5001);
        Http.Response checked = api.post("/v1/installations/harvest/org_h/check", "");
        assertThat(checked.status()).as(checked.body()).isEqualTo(200);
        assertThat(checked.json().path("health").asText()).isEqualTo("revoked");
        assertThat(checked.json().path("lastCheckedAt").asText())
                .isEqualTo(broker.clock.instant().toString());

        Http.Response session = api.post(
                "/v1/connect/sessions",
                Map.of("provider", "harvest", "tenantId", "org_h", "credentialFor", "user", "userId", "newcomer"));
        assertThat(session.status()).isEqualTo(409);
        assertThat(session.errorCode()).isEqualTo("installation_required");
        assertThat(user().path("status").asText()).isEqualTo("active");
        assertThat(api.get("/v1/credentials?provider=harvest&tenantId=org_h&credentialFor=user&userId=uma")
                        .status())
                .isEqualTo(200);

        Http.Response userCheck = api.post("/v1/installations/harvest/org_h/users/uma/check", "");
        assertThat(userCheck.json().path("health").asText()).isEqualTo("healthy");
    }

    /** Bodies the receiver got whose signature verifies exactly as a receiver computes it. */
    private List<JsonNode> verifiedBodies() {
        List<JsonNode> bodies = new ArrayList<>();
        for (WebhookReceiver.Received r : receiver.received()) {
            assertThat(WebhookSignatures.verify(r.header("Authpipe-Signature"), r.body(), secret))
                    .as(r.body())
                    .isTrue();
            try {
                bodies.add(Http.JSON.readTree(r.body()));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
        return bodies;
    }

    private List<String> healthEvents() {
        List<String> changes = new ArrayList<>();
        api.get("/v1/events?limit=1000").json().path("data").forEach(e -> {
            if (e.path("type").asText().equals("health.changed")
                    && "uma".equals(e.path("data").path("userId").asText())) {
                changes.add(e.path("data").path("from").asText() + ">"
                        + e.path("data").path("to").asText());
            }
        });
        return changes;
    }

    private JsonNode user() {
        return api.get("/v1/installations/harvest/org_h/users/uma").json();
    }

    private JsonNode installation() {
        return api.get("/v1/installations/harvest/org_h").json();
    }

    static String sign(String secret, long t, String body) {
        return WebhookDispatcher.signature(Secret.of(secret), t, body);
    }
}
