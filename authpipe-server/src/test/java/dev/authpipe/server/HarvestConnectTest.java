package dev.authpipe.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authpipe.oauth.FormEncoding;
import dev.authpipe.oauth.Pkce;
import dev.authpipe.sandbox.RecordedRequest;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Installation + User flow end to end against the Harvest sandbox (harvest.md §1.15). */
class HarvestConnectTest {
    @TempDir
    static java.nio.file.Path dir;

    static TestBroker broker;
    static Http api;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(dir);
        api = broker.project(broker.createProject("Acme CRM"));
        assertThat(broker.configureHarvest(api).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void installThenUserThenGetCredential() {
        broker.harvest.clearRequests();
        TestBroker.Walk install = broker.install(api, "org_install");

        Map<String, String> authorize = query(install.authorizeUrl());
        assertThat(install.authorizeUrl()).startsWith(broker.harvest.baseUrl() + "/oauth2/authorize?");
        assertThat(authorize)
                .containsEntry("response_type", "code")
                .containsEntry("client_id", TestBroker.CLIENT_ID)
                .containsEntry("redirect_uri", broker.server.baseUrl() + "/oauth/callback")
                .containsEntry("scope", "harvest:all")
                .containsEntry("code_challenge_method", "S256");
        assertThat(authorize.get("state")).matches("[A-Za-z0-9_-]{43}");
        assertThat(install.callbackUrl()).contains("scope=harvest%3A100001");

        RecordedRequest token = broker.harvest.requests("/api/v2/oauth2/token").get(0);
        assertThat(token.bodyFormat()).isEqualTo(RecordedRequest.BodyFormat.FORM);
        assertThat(token.bodyParam("grant_type")).contains("authorization_code");
        assertThat(token.bodyParam("redirect_uri")).contains(broker.server.baseUrl() + "/oauth/callback");
        assertThat(Pkce.challengeOf(token.bodyParam("code_verifier").orElseThrow()))
                .isEqualTo(authorize.get("code_challenge"));
        assertThat(token.header("User-Agent")).contains(TestBroker.USER_AGENT);
        assertThat(broker.harvest.requests("/api/v2/accounts").get(0).header("User-Agent"))
                .contains(TestBroker.USER_AGENT);
        assertThat(broker.harvest.unverifiedPkceExchanges()).isZero();

        Http.Response bot = api.get("/v1/credentials?provider=harvest&tenantId=org_install&credentialFor=installation");
        assertThat(bot.status()).as(bot.body()).isEqualTo(200);
        assertThat(bot.json().path("credential").asText()).startsWith("5001.at.");
        assertThat(bot.json().path("tokenType").asText()).isEqualTo("bearer");
        assertThat(TestBroker.texts(bot.json().path("metadata").path("accountIds")))
                .containsExactly("100001");
        assertThat(bot.json().path("status").asText()).isEqualTo("active");
        assertThat(bot.header("Cache-Control")).contains("no-store");
        assertThat(java.time.Instant.parse(bot.json().path("expiresAt").asText()))
                .isEqualTo(broker.clock.instant().plusSeconds(1_209_600));

        broker.harvest.autoConsent(5002, 100001);
        TestBroker.Walk user = TestBroker.walk(broker.session(api, "org_install", "user_uma"));
        assertThat(user.callback().status()).as(user.callback().body()).isEqualTo(200);
        Http.Response uma =
                api.get("/v1/credentials?provider=harvest&tenantId=org_install&credentialFor=user&userId=user_uma");
        assertThat(uma.status()).isEqualTo(200);
        assertThat(uma.json().path("credential").asText()).startsWith("5002.at.");
        assertThat(TestBroker.texts(uma.json().path("metadata").path("accountIds")))
                .containsExactly("100001");
    }

    @Test
    void callbackPagePostsToTheExactOriginWithoutReferrer() {
        TestBroker.Walk walk = broker.install(api, "org_page");
        Http.Response page = walk.callback();
        assertThat(page.header("Referrer-Policy")).contains("no-referrer");
        assertThat(page.header("Cache-Control")).contains("no-store");
        assertThat(page.header("Content-Security-Policy").orElseThrow()).contains("script-src 'nonce-");
        assertThat(page.body())
                .contains("postMessage(m,o)")
                .contains("\"https://app.acme.example\"")
                .contains("\"source\":\"authpipe\"")
                .contains("\"type\":\"installed\"")
                .contains("\"tenantId\":\"org_page\"")
                .doesNotContain("'*'")
                .doesNotContain("\"*\"")
                .doesNotContain("5001.at.")
                .doesNotContain("5001.rt.");
    }

    @Test
    void returnUrlGetsTheOutcomeInTheQuery() {
        broker.harvest.autoConsent(5001, 100001);
        Http.Response created = api.post(
                "/v1/connect/sessions",
                Map.of(
                        "provider",
                        "harvest",
                        "tenantId",
                        "org_return",
                        "credentialFor",
                        "installation",
                        "returnUrl",
                        TestBroker.APP_ORIGIN + "/settings/integrations?tab=1"));
        assertThat(created.status()).isEqualTo(201);
        TestBroker.Walk walk = TestBroker.walk(created.json().path("url").asText());
        assertThat(walk.callback().status()).isEqualTo(302);
        String location = walk.callback().location();
        assertThat(location).startsWith(TestBroker.APP_ORIGIN + "/settings/integrations?tab=1&");
        assertThat(query(location))
                .containsEntry("source", "authpipe")
                .containsEntry("type", "installed")
                .containsEntry("provider", "harvest")
                .containsEntry("tenantId", "org_return");
    }

    @Test
    void userSessionWithoutInstallationIsRefused() {
        Http.Response r = api.post(
                "/v1/connect/sessions",
                Map.of("provider", "harvest", "tenantId", "org_empty", "credentialFor", "user", "userId", "u1"));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.errorCode()).isEqualTo("installation_required");
    }

    @Test
    void userFromAnotherAccountIsRefusedAndNothingIsStored() {
        broker.install(api, "org_mismatch");
        broker.harvest.autoConsent(5003, 100002);
        TestBroker.Walk walk = TestBroker.walk(broker.session(api, "org_mismatch", "user_gus"));
        assertThat(walk.callback().status()).isEqualTo(400);
        assertThat(walk.callback().body()).contains("account_mismatch").contains("100001");
        Http.Response r =
                api.get("/v1/credentials?provider=harvest&tenantId=org_mismatch&credentialFor=user&userId=user_gus");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorCode()).isEqualTo("not_authorized");
        assertThat(eventTypes("org_mismatch")).containsExactly("installation.created");
    }

    @Test
    void deniedConsentStoresNothing() {
        broker.harvest.denyNext();
        TestBroker.Walk walk = TestBroker.walk(broker.session(api, "org_denied", null));
        assertThat(walk.callbackUrl()).contains("error=access_denied");
        assertThat(walk.callback().status()).isEqualTo(400);
        assertThat(walk.callback().body()).contains("access_denied").contains("\"type\":\"error\"");
        assertNotInstalled("org_denied");
    }

    @Test
    void replayedStateIsRefused() {
        TestBroker.Walk walk = broker.install(api, "org_replay");
        Http.Response again = Http.browse(walk.callbackUrl());
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("state_used");
        assertThat(eventTypes("org_replay")).containsExactly("installation.created");
    }

    @Test
    void forgedStateIsRefusedWithoutPostingAnywhere() {
        Http.Response r = Http.browse(broker.server.baseUrl() + "/oauth/callback?code=abc&state=forged-state-value");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("invalid_state").doesNotContain("postMessage");
        Http.Response none = Http.browse(broker.server.baseUrl() + "/oauth/callback?code=abc");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.body()).contains("invalid_state");
    }

    @Test
    void expiredStateStoresNothing() {
        broker.harvest.autoConsent(5001, 100001);
        String url = broker.session(api, "org_slow", null);
        Http.Response open = Http.browse(url);
        Http.Response authorize = Http.browse(open.location());
        broker.clock.advance(Duration.ofMinutes(11));
        Http.Response callback = Http.browse(authorize.location());
        assertThat(callback.status()).isEqualTo(400);
        assertThat(callback.body()).contains("state_expired");
        assertNotInstalled("org_slow");
    }

    @Test
    void failedCodeExchangeStoresNothing() {
        broker.harvest.autoConsent(5001, 100001);
        broker.harvest.failNext("/api/v2/oauth2/token", 400, 1);
        TestBroker.Walk walk = TestBroker.walk(broker.session(api, "org_exchange", null));
        assertThat(walk.callback().status()).isEqualTo(400);
        assertThat(walk.callback().body()).containsAnyOf("exchange_failed", "provider_unavailable");
        assertNotInstalled("org_exchange");
    }

    @Test
    void providerOutageDuringExchangeStoresNothing() {
        broker.harvest.autoConsent(5001, 100001);
        broker.harvest.failNext("/api/v2/oauth2/token", 503, 1);
        TestBroker.Walk walk = TestBroker.walk(broker.session(api, "org_outage", null));
        assertThat(walk.callback().body()).contains("provider_unavailable");
        assertNotInstalled("org_outage");
    }

    @Test
    void connectLinkIsSingleUseAndExpires() {
        broker.harvest.autoConsent(5001, 100001);
        String url = broker.session(api, "org_link", null);
        assertThat(Http.browse(url).status()).isEqualTo(302);
        Http.Response second = Http.browse(url);
        assertThat(second.status()).isEqualTo(410);
        assertThat(second.body()).contains("session_used");

        String late = broker.session(api, "org_link", null);
        broker.clock.advance(Duration.ofMinutes(31));
        Http.Response expired = Http.browse(late);
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.body()).contains("session_expired");

        assertThat(Http.browse(broker.server.baseUrl() + "/connect/cs_unknown").status())
                .isEqualTo(404);
    }

    @Test
    void harvestAllScopeIsConfirmedAgainstTheAccountsEndpoint() {
        broker.harvest.answerScopeAsHarvestAll(true);
        try {
            broker.harvest.autoConsent(5001);
            TestBroker.Walk walk = TestBroker.walk(broker.session(api, "org_all", null));
            assertThat(walk.callbackUrl()).contains("scope=harvest%3Aall");
            assertThat(walk.callback().status()).isEqualTo(200);
        } finally {
            broker.harvest.answerScopeAsHarvestAll(false);
        }
        JsonNode inst = api.get("/v1/installations/harvest/org_all").json();
        assertThat(TestBroker.texts(inst.path("metadata").path("accountIds"))).containsExactly("100001");
    }

    private void assertNotInstalled(String tenant) {
        Http.Response r =
                api.get("/v1/credentials?provider=harvest&tenantId=" + tenant + "&credentialFor=installation");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorCode()).isEqualTo("not_installed");
        assertThat(eventTypes(tenant)).isEmpty();
    }

    private java.util.List<String> eventTypes(String tenant) {
        java.util.List<String> types = new java.util.ArrayList<>();
        api.get("/v1/events?limit=1000").json().path("data").forEach(e -> {
            if (tenant.equals(e.path("data").path("tenantId").asText())) {
                types.add(e.path("type").asText());
            }
        });
        return types;
    }

    static Map<String, String> query(String url) {
        return FormEncoding.decode(URI.create(url).getRawQuery());
    }
}
