package dev.authpipe.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped catalog, checked against shared/providers/harvest.md (sections cited per test). */
class ProviderCatalogTest {
    private final ProviderCatalog catalog = ProviderCatalog.load();
    private final Provider harvest = catalog.find("harvest").orElseThrow();

    @Test
    void shippedCatalogLoadsEveryIndexedProvider() {
        assertThat(catalog.all()).extracting(Provider::id).containsExactly("harvest", "oauth2");
        assertThat(catalog.find("nope")).isEmpty();
        assertThat(catalog.find(null)).isEmpty();
    }

    @Test
    void harvestEndpointsAreHarvestIdAndTheApiHost() {
        assertThat(harvest.endpoints())
                .containsEntry("authorize", "https://id.getharvest.com/oauth2/authorize")
                .containsEntry("token", "https://id.getharvest.com/api/v2/oauth2/token")
                .containsEntry("accounts", "https://id.getharvest.com/api/v2/accounts")
                .containsEntry("healthCheck", "https://api.harvestapp.com/v2/users/me");
    }

    @Test
    void harvestTokenRequestsPostClientCredentialsInAForm() {
        OAuthSpec oauth = harvest.oauth();

        assertThat(oauth.clientAuthentication()).isEqualTo(ClientAuthentication.CLIENT_SECRET_POST);
        assertThat(oauth.tokenRequestFormat()).isEqualTo(BodyFormat.FORM);
        assertThat(oauth.pkce()).isEqualTo(PkceMethod.S256);
        assertThat(oauth.scopeSeparator()).isEqualTo(" ");
    }

    @Test
    void offlineAccessIsOfferedButNeverSentToHarvest() {
        OAuthSpec oauth = harvest.oauth();

        assertThat(oauth.defaultScopes()).containsExactly("harvest:all", "offline_access");
        assertThat(oauth.scope("offline_access"))
                .hasValueSatisfying(s -> assertThat(s.isUpstream()).isFalse());
        assertThat(oauth.isUpstream("harvest:all")).isTrue();
        assertThat(oauth.upstreamScopeParameter(oauth.defaultScopes())).isEqualTo("harvest:all");
    }

    @Test
    void harvestAcceptsTheDocumentedScopeValuesOnly() {
        OAuthSpec oauth = harvest.oauth();

        assertThat(List.of("all", "harvest:all", "forecast:all", "harvest:123", "forecast:456", "offline_access"))
                .allMatch(oauth::accepts);
        assertThat(List.of("harvest", "harvest:", "harvest:abc", "forecast:12a", "read", "ALL", "harvest:1 harvest:2"))
                .noneMatch(oauth::accepts);
    }

    @Test
    void everyHarvestCallSendsTheIntegrationsUserAgent() {
        assertThat(harvest.requestHeaders()).containsExactly(Map.entry("User-Agent", "{settings.userAgent}"));
        SettingSpec userAgent = harvest.setting("userAgent").orElseThrow();
        assertThat(userAgent.isRequired()).isTrue();
        assertThat(userAgent.accepts(userAgent.example())).isTrue();
        assertThat(userAgent.accepts("MyApp (https://myapp.example/contact)")).isTrue();
        assertThat(userAgent.accepts("MyApp")).isFalse();
        assertThat(userAgent.accepts("MyApp (not a contact)")).isFalse();
        assertThat(userAgent.accepts("MyApp\r\nX-Injected: 1 (ops@acme.example)"))
                .isFalse();
    }

    @Test
    void harvestAccountsComeFromTheCallbackScopeAndTheAccountsEndpoint() {
        AccountDiscovery accounts = harvest.accountDiscovery().orElseThrow();

        assertThat(accounts.callbackScopePattern()).isEqualTo("harvest:([0-9]+)");
        assertThat(accounts.callbackScopeAllValues()).containsExactlyInAnyOrder("all", "harvest:all");
        assertThat(accounts.endpoint()).isEqualTo("accounts");
        assertThat(accounts.listField()).isEqualTo("accounts");
        assertThat(accounts.idField()).isEqualTo("id");
        assertThat(accounts.filterField()).isEqualTo("product");
        assertThat(accounts.filterValue()).isEqualTo("harvest");
        assertThat(accounts.userIdField()).isEqualTo("user.id");
        assertThat(accounts.metadataKey()).isEqualTo("accountIds");
        assertThat(accounts.requiresSharedAccount()).isTrue();
    }

    @Test
    void harvestHealthChecksProbeTheGrantThenTheUserInTheAccount() {
        assertThat(harvest.healthChecks()).hasSize(2);
        HealthCheck grant = harvest.healthChecks().get(0);
        HealthCheck identity = harvest.healthChecks().get(1);

        assertThat(grant.endpoint()).isEqualTo("accounts");
        assertThat(grant.method()).isEqualTo("GET");
        assertThat(grant.checksAccount()).isTrue();
        assertThat(identity.endpoint()).isEqualTo("healthCheck");
        assertThat(identity.checksAccount()).isFalse();
        assertThat(identity.headers()).containsEntry("Harvest-Account-Id", "{account}");
    }

    @Test
    void harvestRefreshesADayAheadAndHasNoRevocation() {
        assertThat(harvest.refresh().defaultLead()).isEqualTo(Duration.ofDays(1));
        assertThat(harvest.revocation()).isNull();
        assertThat(harvest.supportsRevocation()).isFalse();
    }

    @Test
    void genericOAuth2RequiresIntegrationsToSupplyEndpoints() {
        Provider oauth2 = catalog.find("oauth2").orElseThrow();

        assertThat(oauth2.endpoints()).isEmpty();
        assertThat(oauth2.requiredEndpoints()).containsExactly("authorize", "token");
        assertThat(oauth2.oauth().clientAuthentication()).isEqualTo(ClientAuthentication.CLIENT_SECRET_BASIC);
        assertThat(oauth2.oauth().defaultScopes()).isEmpty();
        assertThat(oauth2.oauth().accepts("https://graph.example/read")).isTrue();
        assertThat(oauth2.oauth().accepts("two words")).isFalse();
        assertThat(oauth2.oauth().accepts("quote\"d")).isFalse();
        assertThat(oauth2.accountDiscovery()).isEmpty();
        assertThat(oauth2.supportsRevocation()).isFalse();
    }

    @Test
    void catalogOfValidatesTheProvidersItIsGiven() {
        Provider broken = new Provider(
                "broken",
                "Broken",
                null,
                Map.of("authorize", "https://a.example/authorize"),
                null,
                null,
                harvest.oauth(),
                null,
                null,
                null,
                null,
                null,
                null);

        assertThatThrownBy(() -> ProviderCatalog.of(List.of(broken)))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("endpoints.token");
        assertThat(ProviderCatalog.of(List.of(harvest)).find("harvest")).containsSame(harvest);
    }
}
