package dev.authpipe.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authpipe.oauth.ClientCredentials;
import dev.authpipe.oauth.OAuthException;
import dev.authpipe.oauth.Pkce;
import dev.authpipe.oauth.ProviderHttp;
import dev.authpipe.oauth.TokenEndpoint;
import dev.authpipe.oauth.TokenGrant;
import dev.authpipe.oauth.TokenResponse;
import dev.authpipe.provider.ProviderCatalog;
import dev.authpipe.vault.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generic OAuth 2.0 provider against an independent authorization server (navikt's
 * mock-oauth2-server), which verifies PKCE and accepts each code once.
 */
class GenericOAuth2Test {
    @TempDir
    static java.nio.file.Path dir;

    static MockOAuth2Server idp;
    static TestBroker broker;
    static Http api;

    @BeforeAll
    static void start() {
        idp = new MockOAuth2Server();
        idp.start();
        broker = TestBroker.start(dir);
        api = broker.project(broker.createProject("Generic"));
        Map<String, Object> integration = new LinkedHashMap<>();
        integration.put("clientId", "generic-client");
        integration.put("clientSecret", "generic-secret");
        integration.put("scopes", List.of("openid", "offline_access"));
        integration.put(
                "endpointOverrides",
                Map.of(
                        "authorize", idp.authorizationEndpointUrl("default").toString(),
                        "token", idp.tokenEndpointUrl("default").toString()));
        Http.Response r = api.put("/v1/integrations/oauth2", integration);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.body()).doesNotContain("generic-secret");
    }

    @AfterAll
    static void stop() {
        broker.close();
        idp.shutdown();
    }

    @Test
    void installsWithPkceAndClientSecretBasicAndRefreshes() {
        drain();
        TestBroker.Walk walk = TestBroker.walk(session("tenant_one"));
        assertThat(walk.callback().status()).as(walk.callback().body()).isEqualTo(200);

        Map<String, String> authorize = HarvestConnectTest.query(walk.authorizeUrl());
        assertThat(authorize)
                .containsEntry("scope", "openid offline_access")
                .containsEntry("code_challenge_method", "S256");
        RecordedRequest token = tokenRequests().get(0);
        Map<String, String> body =
                dev.authpipe.oauth.FormEncoding.decode(token.getBody().readUtf8());
        assertThat(body)
                .containsEntry("grant_type", "authorization_code")
                .containsEntry("redirect_uri", broker.server.baseUrl() + "/oauth/callback")
                .doesNotContainKey("client_secret");
        assertThat(Pkce.challengeOf(body.get("code_verifier"))).isEqualTo(authorize.get("code_challenge"));
        assertThat(token.getHeader("Authorization")).startsWith("Basic ");

        Http.Response first = api.get("/v1/credentials?provider=oauth2&tenantId=tenant_one");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        String original = first.json().path("credential").asText();
        assertThat(original).isNotEmpty();

        Http.Response refreshed =
                api.get("/v1/credentials?provider=oauth2&tenantId=tenant_one&minValiditySeconds=86400");
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(refreshed.json().path("credential").asText()).isNotEqualTo(original);
        List<RecordedRequest> after = tokenRequests();
        assertThat(after).hasSize(1);
        assertThat(after.get(0).getBody().readUtf8()).contains("grant_type=refresh_token");
    }

    @Test
    void aCodeRedeemedWithAnotherSessionsVerifierIsRejected() {
        TestBroker.Walk victim = walkToCallback(session("tenant_victim"));
        TestBroker.Walk attacker = walkToCallback(session("tenant_attacker"));
        String injected = withParam(attacker.callbackUrl(), "code", param(victim.callbackUrl(), "code"));

        Http.Response r = Http.browse(injected);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("exchange_failed");
        assertThat(api.get("/v1/credentials?provider=oauth2&tenantId=tenant_attacker")
                        .errorCode())
                .isEqualTo("not_installed");
    }

    @Test
    void theIndependentServerAcceptsEachCodeOnceAndVerifiesPkce() {
        TokenEndpoint tokens = new TokenEndpoint(ProviderHttp.withDefaults());
        var spec = ProviderCatalog.load().find("oauth2").orElseThrow().oauth();
        ClientCredentials client = new ClientCredentials("generic-client", Secret.of("generic-secret"));
        String redirect = "http://localhost/cb";
        String tokenUrl = idp.tokenEndpointUrl("default").toString();

        Pkce pkce = Pkce.generate();
        String code = codeFor(pkce, redirect);
        TokenResponse ok = tokens.request(
                tokenUrl,
                spec,
                client,
                TokenGrant.authorizationCode(Secret.of(code), redirect, pkce.verifier()),
                Map.of());
        assertThat(ok.accessToken().reveal()).isNotEmpty();
        assertThat(ok.refreshToken()).isNotNull();
        assertThatThrownBy(() -> tokens.request(
                        tokenUrl,
                        spec,
                        client,
                        TokenGrant.authorizationCode(Secret.of(code), redirect, pkce.verifier()),
                        Map.of()))
                .isInstanceOf(OAuthException.class);

        Pkce other = Pkce.generate();
        String second = codeFor(pkce, redirect);
        assertThatThrownBy(() -> tokens.request(
                        tokenUrl,
                        spec,
                        client,
                        TokenGrant.authorizationCode(Secret.of(second), redirect, other.verifier()),
                        Map.of()))
                .isInstanceOf(OAuthException.class);
    }

    @Test
    void aCodeIsOnlyRedeemedAtTheProviderItsStateWasIssuedFor() {
        broker.configureHarvest(api);
        TestBroker.Walk generic = walkToCallback(session("tenant_mixup"));
        broker.harvest.autoConsent(5001, 100001);
        TestBroker.Walk harvest = walkToCallback(broker.session(api, "tenant_mixup", null));
        drain();
        String mixed = withParam(harvest.callbackUrl(), "code", param(generic.callbackUrl(), "code"));

        Http.Response r = Http.browse(mixed);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("exchange_failed");
        assertThat(tokenRequests()).isEmpty();
        assertThat(api.get("/v1/credentials?provider=harvest&tenantId=tenant_mixup")
                        .errorCode())
                .isEqualTo("not_installed");
        assertThat(api.get("/v1/credentials?provider=oauth2&tenantId=tenant_mixup")
                        .errorCode())
                .isEqualTo("not_installed");
    }

    @Test
    void aCallbackNamingAnotherIssuerIsRefused() {
        Map<String, Object> integration = new LinkedHashMap<>();
        integration.put("clientId", "generic-client");
        integration.put("clientSecret", "generic-secret");
        integration.put(
                "endpointOverrides",
                Map.of(
                        "authorize", idp.authorizationEndpointUrl("default").toString(),
                        "token", idp.tokenEndpointUrl("default").toString()));
        integration.put("scopes", List.of("openid"));
        integration.put("settings", Map.of("issuer", idp.issuerUrl("default").toString()));
        String key = broker.createProject("Issuer check");
        Http other = broker.project(key);
        assertThat(other.put("/v1/integrations/oauth2", integration).status()).isEqualTo(201);
        TestBroker.Walk walk = walkToCallback(createSession(other, "tenant_iss"));
        Http.Response r = Http.browse(withParam(walk.callbackUrl(), "iss", "https://evil.example/"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("issuer_mismatch");
        assertThat(other.get("/v1/credentials?provider=oauth2&tenantId=tenant_iss")
                        .errorCode())
                .isEqualTo("not_installed");
    }

    @Test
    void uninstallRevokesTheGrantAtAProviderThatOffersRevocation() {
        Map<String, Object> integration = new LinkedHashMap<>();
        integration.put("clientId", "generic-client");
        integration.put("clientSecret", "generic-secret");
        integration.put("scopes", List.of("openid", "offline_access"));
        integration.put(
                "endpointOverrides",
                Map.of(
                        "authorize", idp.authorizationEndpointUrl("default").toString(),
                        "token", idp.tokenEndpointUrl("default").toString(),
                        "revoke", idp.revocationEndpointUrl("default").toString()));
        Http other = broker.project(broker.createProject("Revocation"));
        assertThat(other.put("/v1/integrations/oauth2", integration).status()).isEqualTo(201);
        assertThat(TestBroker.walk(createSession(other, "tenant_gone"))
                        .callback()
                        .status())
                .isEqualTo(200);
        drain();

        assertThat(other.delete("/v1/installations/oauth2/tenant_gone").status())
                .isEqualTo(204);
        List<RecordedRequest> revocations = new ArrayList<>();
        while (true) {
            RecordedRequest r;
            try {
                r = idp.takeRequest(200, TimeUnit.MILLISECONDS);
            } catch (RuntimeException queueEmpty) {
                break;
            }
            if (r.getPath() != null && r.getPath().contains("revoke")) {
                revocations.add(r);
            }
        }
        assertThat(revocations).hasSize(1);
        Map<String, String> form = dev.authpipe.oauth.FormEncoding.decode(
                revocations.get(0).getBody().readUtf8());
        assertThat(form).containsEntry("token_type_hint", "refresh_token").containsKey("token");
        assertThat(revocations.get(0).getHeader("Authorization")).startsWith("Basic ");
        com.fasterxml.jackson.databind.JsonNode deleted = null;
        for (com.fasterxml.jackson.databind.JsonNode e :
                other.get("/v1/events").json().path("data")) {
            if (e.path("type").asText().equals("installation.deleted")) {
                deleted = e;
            }
        }
        assertThat(deleted).isNotNull();
        assertThat(deleted.path("data").path("revokedUpstream").asInt()).isEqualTo(1);
        assertThat(other.get("/v1/credentials?provider=oauth2&tenantId=tenant_gone")
                        .errorCode())
                .isEqualTo("not_installed");
    }

    private static String codeFor(Pkce pkce, String redirect) {
        String url = idp.authorizationEndpointUrl("default") + "?response_type=code&client_id=generic-client"
                + "&redirect_uri=" + redirect + "&scope=openid&state=s&code_challenge=" + pkce.challenge()
                + "&code_challenge_method=S256";
        return param(Http.browse(url).location(), "code");
    }

    private static String session(String tenant) {
        return createSession(api, tenant);
    }

    private static String createSession(Http client, String tenant) {
        Http.Response r = client.post(
                "/v1/connect/sessions",
                Map.of("provider", "oauth2", "tenantId", tenant, "credentialFor", "installation"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("url").asText();
    }

    /** Opens the session and lets the provider redirect, stopping before the callback. */
    private static TestBroker.Walk walkToCallback(String connectUrl) {
        Http.Response open = Http.browse(connectUrl);
        Http.Response authorize = Http.browse(open.location());
        assertThat(authorize.status()).as(authorize.body()).isEqualTo(302);
        return new TestBroker.Walk(open, authorize, null);
    }

    private static String param(String url, String name) {
        return HarvestConnectTest.query(url).get(name);
    }

    private static String withParam(String url, String name, String value) {
        java.net.URI uri = java.net.URI.create(url);
        Map<String, String> q = new LinkedHashMap<>(HarvestConnectTest.query(url));
        q.put(name, value);
        return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath() + "?"
                + dev.authpipe.oauth.FormEncoding.encode(q);
    }

    /** Token requests the identity provider received since the last call. */
    private static List<RecordedRequest> tokenRequests() {
        List<RecordedRequest> tokens = new ArrayList<>();
        while (true) {
            RecordedRequest r;
            try {
                r = idp.takeRequest(200, TimeUnit.MILLISECONDS);
            } catch (RuntimeException queueEmpty) {
                return tokens;
            }
            if (r.getPath() != null && r.getPath().contains("/token")) {
                tokens.add(r);
            }
        }
    }

    private static void drain() {
        tokenRequests();
    }
}
