package dev.authpipe.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.authpipe.oauth.OAuthException;
import dev.authpipe.oauth.ProviderHttp;
import dev.authpipe.oauth.ProviderUnavailableException;
import dev.authpipe.provider.Provider;
import dev.authpipe.provider.ProviderCatalog;
import dev.authpipe.vault.Sealed;
import dev.authpipe.vault.Secret;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Account discovery with the shipped Harvest entry against a fake Harvest ID (harvest.md §1.5, §1.10). */
class AccountLookupTest {
    private static final String USER_AGENT = "Acme CRM (ops@acme.example)";
    private static final String ACCESS_TOKEN = "1387424.at.fresh-token";
    private static final String ACCOUNTS = """
            {"user":{"id":1387424,"first_name":"Ada","last_name":"Lovelace","email":"ada@acme.example"},
             "accounts":[{"id":100001,"name":"Acme","product":"harvest"},
                         {"id":100002,"name":"Acme Labs","product":"harvest"},
                         {"id":200001,"name":"Acme Forecast","product":"forecast"}]}
            """;

    private final MockWebServer server = new MockWebServer();
    private final AccountLookup lookup = new AccountLookup(ProviderHttp.withDefaults());
    private final Provider harvest = ProviderCatalog.load().find("harvest").orElseThrow();
    private Integration integration;

    @BeforeEach
    void start() throws IOException {
        server.start();
        integration = new Integration(
                "prj_1",
                harvest.id(),
                "client-id",
                Sealed.fromText("v1.AQIDBA"),
                harvest.oauth().defaultScopes(),
                Map.of("accounts", server.url("/api/v2/accounts").toString()),
                Map.of("userAgent", USER_AGENT),
                Instant.EPOCH,
                Instant.EPOCH);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void singleAccountScopeKeepsOnlyThatAccount() {
        assertThat(discover("harvest:100001").accountIds()).containsExactly("100001");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "harvest:100001 forecast:200001",
                "harvest:100001+forecast:200001",
                "forecast:200001 harvest:100001"
            })
    void mixedProductScopeKeepsOnlyHarvestAccounts(String scope) {
        assertThat(discover(scope).accountIds()).containsExactly("100001");
    }

    @Test
    void severalNamedAccountsAreKeptInListingOrder() {
        assertThat(discover("harvest:100002+harvest:100001").accountIds()).containsExactly("100001", "100002");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"harvest:all", "all", "forecast:200001 harvest:all", " "})
    void allOrNoScopeMeansEveryHarvestAccount(String scope) {
        assertThat(discover(scope).accountIds()).containsExactly("100001", "100002");
    }

    @Test
    void accountNamedInScopeButNotListedIsDropped() {
        assertThat(discover("harvest:999999").accountIds()).isEmpty();
        enqueueAccounts();
        assertThat(lookup.discover(harvest, integration, Secret.of(ACCESS_TOKEN), "harvest:999999+harvest:100002")
                        .accountIds())
                .containsExactly("100002");
    }

    @Test
    void forecastOnlyGrantReachesNoHarvestAccount() {
        assertThat(discover("forecast:200001").accountIds()).isEmpty();
        enqueueAccounts();
        assertThat(lookup.discover(harvest, integration, Secret.of(ACCESS_TOKEN), "forecast:all")
                        .accountIds())
                .isEmpty();
    }

    @Test
    void providerUserIdComesFromTheUserObject() {
        assertThat(discover("harvest:all").providerUserId()).isEqualTo("1387424");
    }

    @Test
    void missingUserGivesNoProviderUserId() {
        server.enqueue(json(200, "{\"accounts\":[{\"id\":100001,\"product\":\"harvest\"}]}"));

        AccountLookup.Accounts accounts = lookup.discover(harvest, integration, Secret.of(ACCESS_TOKEN), "harvest:all");

        assertThat(accounts.providerUserId()).isNull();
        assertThat(accounts.accountIds()).containsExactly("100001");
    }

    @Test
    void callsTheAccountsEndpointWithBearerAndUserAgent() throws InterruptedException {
        discover("harvest:all");

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/api/v2/accounts");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + ACCESS_TOKEN);
        assertThat(request.getHeaders().get("User-Agent")).isEqualTo(USER_AGENT);
        assertThat(request.getHeaders().get("Harvest-Account-Id")).isNull();
    }

    @Test
    void refusedTokenIsAnOAuthException() {
        server.enqueue(json(
                401,
                "{\"error\":\"invalid_token\",\"error_description\":\"The access token provided is expired, revoked,"
                        + " malformed or invalid for other reasons.\"}"));

        OAuthException e = catchThrowableOfType(
                OAuthException.class,
                () -> lookup.discover(harvest, integration, Secret.of(ACCESS_TOKEN), "harvest:100001"));

        assertThat(e.status()).isEqualTo(401);
        assertThat(e.error()).isEqualTo("invalid_token");
        assertThat(e.getMessage()).doesNotContain(ACCESS_TOKEN);
    }

    @Test
    void nonJsonAnswerIsAnOAuthException() {
        server.enqueue(
                new MockResponse.Builder().code(200).body("<html>login</html>").build());

        OAuthException e = catchThrowableOfType(
                OAuthException.class,
                () -> lookup.discover(harvest, integration, Secret.of(ACCESS_TOKEN), "harvest:100001"));

        assertThat(e.error()).isEqualTo("invalid_response");
    }

    @Test
    void rateLimitIsProviderUnavailable() {
        server.enqueue(new MockResponse.Builder()
                .code(429)
                .addHeader("Retry-After", "15")
                .build());

        ProviderUnavailableException e = catchThrowableOfType(
                ProviderUnavailableException.class,
                () -> lookup.discover(harvest, integration, Secret.of(ACCESS_TOKEN), "harvest:100001"));

        assertThat(e.status()).isEqualTo(429);
    }

    @Test
    void namedInScopeReadsTheCallbackScope() {
        var spec = harvest.accountDiscovery().orElseThrow();

        assertThat(AccountLookup.namedInScope(spec, "harvest:1+harvest:2 forecast:3"))
                .containsExactly("1", "2");
        assertThat(AccountLookup.namedInScope(spec, "harvest:all")).isNull();
        assertThat(AccountLookup.namedInScope(spec, null)).isNull();
        assertThat(AccountLookup.namedInScope(spec, "harvest:x harvest:12a")).isEmpty();
    }

    private AccountLookup.Accounts discover(String callbackScope) {
        enqueueAccounts();
        return lookup.discover(harvest, integration, Secret.of(ACCESS_TOKEN), callbackScope);
    }

    private void enqueueAccounts() {
        server.enqueue(json(200, ACCOUNTS));
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse.Builder()
                .code(status)
                .addHeader("Content-Type", "application/json; charset=utf-8")
                .body(body)
                .build();
    }
}
