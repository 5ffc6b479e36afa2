package dev.authpipe.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook outbox: every event arrives at least once, in order per credential, signed, through
 * an endpoint outage and a broker restart; delivery attempts are visible through the API.
 */
class WebhookDeliveryTest {
    @TempDir
    Path dir;

    TestBroker broker;
    Http api;
    WebhookReceiver receiver;
    String secret;

    @BeforeEach
    void start() {
        broker = TestBroker.start(dir);
        api = broker.project(broker.createProject("Hooks"));
        broker.configureHarvest(api);
        receiver = new WebhookReceiver();
        secret = TestBroker.webhook(api, receiver.url());
    }

    @AfterEach
    void stop() {
        receiver.close();
        broker.close();
    }

    @Test
    void eventsWaitOutAnOutageAndArriveInOrderPerCredential() {
        receiver.answer(500);
        importInstallation("org_a");
        importInstallation("org_b");
        forceRefresh("org_a");
        forceRefresh("org_b");
        forceRefresh("org_a");
        drain();
        JsonNode pending =
                api.get("/v1/webhook/deliveries?status=pending").json().path("data");
        assertThat(pending).isNotEmpty();
        JsonNode attempted = pending.get(pending.size() - 1);
        assertThat(attempted.path("attempts").asInt()).isEqualTo(1);
        assertThat(attempted.path("lastStatus").asInt()).isEqualTo(500);
        assertThat(attempted.path("lastError").asText()).isEqualTo("HTTP 500");

        for (int i = 0; i < 4; i++) {
            broker.clock.advance(Duration.ofMinutes(5));
            drain();
        }
        int mostAttempts = 0;
        for (JsonNode d :
                api.get("/v1/webhook/deliveries?status=pending").json().path("data")) {
            mostAttempts = Math.max(mostAttempts, d.path("attempts").asInt());
            assertThat(d.path("nextAttemptAt").isNull()).isFalse();
        }
        assertThat(mostAttempts).as("retried with back-off").isGreaterThan(1);

        receiver.answer(204);
        broker.clock.advance(Duration.ofHours(2));
        drain();
        assertThat(api.get("/v1/webhook/deliveries?status=pending").json().path("data"))
                .isEmpty();

        Map<String, List<String>> perTenant = deliveredTypesByTenant();
        assertThat(perTenant.get("org_a"))
                .containsExactly("installation.created", "credential.refreshed", "credential.refreshed");
        assertThat(perTenant.get("org_b")).containsExactly("installation.created", "credential.refreshed");
        assertThat(eventIdsDelivered()).containsAll(allEventIds());
    }

    @Test
    void undeliveredEventsSurviveARestart() {
        receiver.answer(503);
        importInstallation("org_restart");
        forceRefresh("org_restart");
        drain();
        broker.restart();
        api = broker.project(api.bearer());
        receiver.answer(200);
        broker.clock.advance(Duration.ofMinutes(10));
        drain();
        assertThat(deliveredTypesByTenant().get("org_restart"))
                .containsExactly("installation.created", "credential.refreshed");
        JsonNode delivered =
                api.get("/v1/webhook/deliveries?status=delivered").json().path("data");
        assertThat(delivered).hasSize(2);
        assertThat(delivered.get(0).path("deliveredAt").isNull()).isFalse();
    }

    @Test
    void theSignatureVerifiesAsAReceiverComputesItAndATamperedBodyFails() {
        importInstallation("org_sig");
        drain();
        WebhookReceiver.Received r = receiver.received().get(0);
        String header = r.header("Authpipe-Signature");
        assertThat(header).matches("t=\\d+,v1=[0-9a-f]{64}");
        assertThat(WebhookSignatures.verify(header, r.body(), secret)).isTrue();
        assertThat(WebhookSignatures.verify(header, r.body().replace("org_sig", "org_sog"), secret))
                .isFalse();
        assertThat(WebhookSignatures.verify(header, r.body(), secret + "x")).isFalse();
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.header("Authpipe-Event-Id")).startsWith("evt_");
        assertThat(Long.parseLong(header.substring(2, header.indexOf(','))))
                .isEqualTo(broker.clock.instant().getEpochSecond());
        JsonNode body = json(r.body());
        assertThat(body.fieldNames()).toIterable().containsExactly("id", "type", "createdAt", "data");
        assertThat(r.body()).doesNotContain("imported-token-org_sig");
    }

    @Test
    void theSecretIsShownOnceAndTheEventFilterApplies() {
        Http.Response shown = api.get("/v1/webhook");
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.json().has("secret")).isFalse();
        assertThat(shown.body()).doesNotContain(secret);
        Http.Response filtered =
                api.put("/v1/webhook", Map.of("url", receiver.url(), "events", List.of("credential.refreshed")));
        assertThat(filtered.status()).isEqualTo(200);
        String newSecret = filtered.json().path("secret").asText();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(secret);
        importInstallation("org_filter");
        forceRefresh("org_filter");
        drain();
        assertThat(receiver.received()).hasSize(1);
        assertThat(json(receiver.received().get(0).body()).path("type").asText())
                .isEqualTo("credential.refreshed");
        assertThat(WebhookSignatures.verify(
                        receiver.received().get(0).header("Authpipe-Signature"),
                        receiver.received().get(0).body(),
                        newSecret))
                .isTrue();
    }

    @Test
    void badUrlsAreRefusedAndChangeNothing() {
        for (String bad :
                List.of("/hooks", "ftp://example.com/hook", "https://user:pw@example.com/hook", "not a url")) {
            Http.Response r = api.put("/v1/webhook", Map.of("url", bad));
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("invalid_request");
        }
        Http.Response event =
                api.put("/v1/webhook", Map.of("url", receiver.url(), "events", List.of("credential.nope")));
        assertThat(event.status()).isEqualTo(400);
        assertThat(api.get("/v1/webhook").json().path("url").asText()).isEqualTo(receiver.url());
    }

    @Test
    void aServerThatForbidsPrivateAddressesRefusesLoopbackWebhooks(@TempDir Path other) {
        try (TestBroker strict = TestBroker.start(other, Map.of("AUTHPIPE_WEBHOOK_ALLOW_PRIVATE", "false"))) {
            Http strictApi = strict.project(strict.createProject("Strict"));
            for (String url : List.of(receiver.url(), "http://localhost:9/x", "http://10.1.2.3/x", "http://[::1]/x")) {
                Http.Response r = strictApi.put("/v1/webhook", Map.of("url", url));
                assertThat(r.status()).as(url).isEqualTo(400);
                assertThat(r.errorCode()).isEqualTo("webhook_url_not_allowed");
            }
        }
    }

    @Test
    void aFailingEndpointNeverBlocksReads() throws Exception {
        receiver.answer(500);
        importInstallation("org_reads");
        var deliveries = java.util.concurrent.CompletableFuture.runAsync(this::drain);
        for (int i = 0; i < 20; i++) {
            assertThat(api.get("/v1/credentials?provider=harvest&tenantId=org_reads")
                            .status())
                    .isEqualTo(200);
        }
        deliveries.get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    private void drain() {
        int passes = 0;
        while (broker.server.runDueDeliveries() > 0) {
            assertThat(++passes).as("passes").isLessThan(50);
        }
    }

    private void importInstallation(String tenant) {
        Http.Response r = api.post(
                "/v1/credentials/import",
                Map.of(
                        "provider",
                        "harvest",
                        "tenantId",
                        tenant,
                        "credentialFor",
                        "installation",
                        "accessToken",
                        "imported-token-" + tenant,
                        "refreshToken",
                        SandboxGrant.refreshToken(broker.harvest, 5001, 100001),
                        "expiresAt",
                        "2027-01-01T00:00:00Z",
                        "metadata",
                        Map.of("accountIds", List.of("100001"))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private void forceRefresh(String tenant) {
        broker.clock.advance(Duration.ofSeconds(1));
        assertThat(api.post("/v1/installations/harvest/" + tenant + "/refresh", "")
                        .status())
                .isEqualTo(200);
    }

    private Map<String, List<String>> deliveredTypesByTenant() {
        Map<String, List<String>> byTenant = new LinkedHashMap<>();
        List<String> seen = new ArrayList<>();
        for (WebhookReceiver.Received r : receiver.received()) {
            JsonNode body = json(r.body());
            if (!(r.header("Authpipe-Signature") != null
                    && WebhookSignatures.verify(r.header("Authpipe-Signature"), r.body(), secret))) {
                throw new AssertionError("unsigned or badly signed delivery: " + r.body());
            }
            if (seen.contains(body.path("id").asText())) {
                continue;
            }
            seen.add(body.path("id").asText());
            byTenant.computeIfAbsent(body.path("data").path("tenantId").asText(), t -> new ArrayList<>())
                    .add(body.path("type").asText());
        }
        return byTenant;
    }

    private LinkedHashSet<String> eventIdsDelivered() {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        receiver.received().forEach(r -> ids.add(json(r.body()).path("id").asText()));
        return ids;
    }

    private List<String> allEventIds() {
        List<String> ids = new ArrayList<>();
        api.get("/v1/events?limit=1000")
                .json()
                .path("data")
                .forEach(e -> ids.add(e.path("id").asText()));
        return ids;
    }

    private static JsonNode json(String body) {
        try {
            return Http.JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
