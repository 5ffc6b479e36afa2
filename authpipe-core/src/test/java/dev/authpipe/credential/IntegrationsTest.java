package dev.authpipe.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.authpipe.egress.EgressPolicy;
import dev.authpipe.provider.Provider;
import dev.authpipe.provider.ProviderCatalog;
import dev.authpipe.vault.InMemoryKeyringStore;
import dev.authpipe.vault.KeyScope;
import dev.authpipe.vault.LocalKek;
import dev.authpipe.vault.SealContext;
import dev.authpipe.vault.Secret;
import dev.authpipe.vault.Vault;
import dev.authpipe.vault.VaultException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IntegrationsTest {
    private static final String PROJECT = "prj_1";
    private static final String CLIENT_SECRET = "harvest-client-secret-value";
    private static final String USER_AGENT = "Acme CRM (ops@acme.example)";
    private static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");

    private final InMemoryIntegrationStore store = new InMemoryIntegrationStore();
    private final Vault vault = new Vault(LocalKek.fromBase64(LocalKek.generateBase64()), new InMemoryKeyringStore());
    private final Integrations integrations =
            new Integrations(ProviderCatalog.load(), store, vault, Clock.fixed(NOW, ZoneOffset.UTC), EgressPolicy.ANY);

    @Test
    void configuresHarvestWithDefaultScopesAndStoresIt() {
        Integration integration = integrations.configure(PROJECT, "harvest", harvest(null, Map.of(), settings()));

        assertThat(integration.projectId()).isEqualTo(PROJECT);
        assertThat(integration.provider()).isEqualTo("harvest");
        assertThat(integration.clientId()).isEqualTo("client-id");
        assertThat(integration.scopes()).containsExactly("harvest:all", "offline_access");
        assertThat(integration.settings()).containsExactly(Map.entry("userAgent", USER_AGENT));
        assertThat(integration.endpointOverrides()).isEmpty();
        assertThat(integration.createdAt()).isEqualTo(NOW);
        assertThat(store.find(PROJECT, "harvest")).contains(integration);
    }

    @Test
    void clientSecretIsSealedToTheProjectAndIntegration() {
        Integration stored = integrations.configure(PROJECT, "harvest", harvest(null, Map.of(), settings()));

        assertThat(stored.clientSecret().toText()).doesNotContain(CLIENT_SECRET);
        assertThat(vault.open(Integration.clientSecretContext(PROJECT, "harvest"), stored.clientSecret())
                        .reveal())
                .isEqualTo(CLIENT_SECRET);
        assertThatThrownBy(() -> vault.open(Integration.clientSecretContext(PROJECT, "oauth2"), stored.clientSecret()))
                .isInstanceOf(VaultException.class);
        vault.seal(Integration.clientSecretContext("prj_2", "harvest"), Secret.of("other project"));
        assertThatThrownBy(() -> vault.open(Integration.clientSecretContext("prj_2", "harvest"), stored.clientSecret()))
                .isInstanceOf(VaultException.class);
    }

    @Test
    void clientSecretContextIsTheProjectScope() {
        assertThat(Integration.clientSecretContext(PROJECT, "harvest"))
                .isEqualTo(new SealContext(KeyScope.project(PROJECT), "integration/harvest", "client_secret"));
    }

    @Test
    void explicitScopesAreKeptInOrderWithoutDuplicates() {
        Integration integration = integrations.configure(
                PROJECT,
                "harvest",
                harvest(List.of("harvest:100001", "offline_access", "harvest:100001"), Map.of(), settings()));

        assertThat(integration.scopes()).containsExactly("harvest:100001", "offline_access");
    }

    @Test
    void userAgentIsRequiredForHarvest() {
        assertInvalid("harvest", harvest(null, Map.of(), Map.of()), "settings.userAgent is required");
        assertInvalid("harvest", harvest(null, Map.of(), null), "settings.userAgent is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Acme CRM", "Acme CRM ()", "Acme CRM (not a contact)", "(ops@acme.example)", " ", ""})
    void userAgentMustNameTheAppAndAContact(String userAgent) {
        assertInvalid(
                "harvest", harvest(null, Map.of(), Map.of("userAgent", userAgent)), "settings.userAgent is not valid");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"Acme\u0001 CRM (ops@acme.example)", "Acme\u007f (ops@acme.example)", "東京 CRM (ops@acme.example)"
            })
    void settingsSentAsHeadersMustBeValidHeaderValues(String userAgent) {
        assertInvalid("harvest", harvest(null, Map.of(), Map.of("userAgent", userAgent)), "settings.userAgent");
    }

    @Test
    void unknownSettingIsRejected() {
        Map<String, String> settings = new HashMap<>(settings());
        settings.put("colour", "blue");

        assertInvalid("harvest", harvest(null, Map.of(), settings), "settings.colour is not a setting of Harvest");
    }

    @Test
    void unknownEndpointOverrideIsRejected() {
        assertInvalid(
                "harvest",
                harvest(null, Map.of("graphql", "https://fake.example/graphql"), settings()),
                "endpointOverrides.graphql is not an endpoint of Harvest");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://fake.example/accounts",
                "javascript:alert(1)",
                "/api/v2/accounts",
                "fake.example/accounts",
                "https://user:pw@fake.example/accounts",
                "https://fake.example/accounts#x",
                "https://fake example/accounts",
                ""
            })
    void endpointOverrideMustBeAnAbsoluteHttpUrl(String url) {
        assertInvalid(
                "harvest",
                harvest(null, Map.of("accounts", url), settings()),
                "endpointOverrides.accounts must be an absolute http(s) URL");
    }

    @Test
    void endpointOverridesPointHarvestAtAFake() {
        Integration integration = integrations.configure(
                PROJECT,
                "harvest",
                harvest(null, Map.of("token", "http://127.0.0.1:8089/api/v2/oauth2/token"), settings()));

        Provider harvest = integrations.provider("harvest");
        assertThat(integration.endpoint(harvest, "token")).contains("http://127.0.0.1:8089/api/v2/oauth2/token");
        assertThat(integration.endpoint(harvest, "authorize")).contains("https://id.getharvest.com/oauth2/authorize");
        assertThat(integration.endpoint(harvest, "revoke")).isEmpty();
        assertThat(integration.requestHeaders(harvest)).containsExactly(Map.entry("User-Agent", USER_AGENT));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:8089/token",
                "http://localhost/token",
                "http://10.1.2.3/token",
                "http://169.254.169.254/latest/meta-data",
                "http://[::1]:8080/token",
                "http://[fd00::1]/token"
            })
    void aServerThatForbidsPrivateDestinationsRefusesOverridesThatReachThem(String url) {
        Integrations strict = new Integrations(
                ProviderCatalog.load(), store, vault, Clock.fixed(NOW, ZoneOffset.UTC), EgressPolicy.PUBLIC_ONLY);

        BrokerException e = catchThrowableOfType(
                BrokerException.class,
                () -> strict.configure(
                        PROJECT,
                        "oauth2",
                        generic(Map.of("authorize", "https://203.0.113.9/authorize", "token", url))));

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo("invalid_request");
        assertThat(e.getMessage()).startsWith("endpointOverrides.token: the host resolves to a loopback");
        assertThat(store.list(PROJECT)).isEmpty();
    }

    @Test
    void aServerThatForbidsPrivateDestinationsAcceptsPublicOverrides() {
        Integrations strict = new Integrations(
                ProviderCatalog.load(), store, vault, Clock.fixed(NOW, ZoneOffset.UTC), EgressPolicy.PUBLIC_ONLY);

        Integration integration = strict.configure(
                PROJECT,
                "oauth2",
                generic(Map.of("authorize", "https://203.0.113.9/authorize", "token", "https://198.51.100.7/token")));

        assertThat(integration.endpointOverrides()).containsEntry("token", "https://198.51.100.7/token");
    }

    @Test
    void genericOAuth2RequiresAuthorizeAndTokenOverrides() {
        assertInvalid("oauth2", generic(Map.of()), "endpointOverrides.authorize is required");
        assertInvalid(
                "oauth2",
                generic(Map.of("authorize", "https://as.example/authorize")),
                "endpointOverrides.token is required");
        assertInvalid(
                "oauth2",
                generic(Map.of("token", "https://as.example/token")),
                "endpointOverrides.authorize is required");
    }

    @Test
    void genericOAuth2WithBothEndpointsIsConfigured() {
        Integration integration = integrations.configure(
                PROJECT,
                "oauth2",
                generic(Map.of("authorize", "https://as.example/authorize", "token", "https://as.example/token")));

        assertThat(integration.scopes()).isEmpty();
        assertThat(integration.endpointOverrides()).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"read:everything", "harvest:abc", "offline", "harvest:1 harvest:2"})
    void scopeHarvestDoesNotAcceptIsRejected(String scope) {
        assertInvalid(
                "harvest", harvest(List.of("harvest:all", scope), Map.of(), settings()), "scopes: '" + scope + "'");
    }

    @Test
    void nullScopeIsRejected() {
        assertInvalid("harvest", harvest(Arrays.asList("harvest:all", null), Map.of(), settings()), "scopes: 'null'");
    }

    @Test
    void tooManyScopesAreRejected() {
        List<String> scopes =
                IntStream.range(0, 51).mapToObj(i -> "harvest:" + i).toList();

        assertInvalid("harvest", harvest(scopes, Map.of(), settings()), "at most 50");
    }

    @Test
    void clientIdAndSecretAreRequired() {
        assertInvalid(
                "harvest",
                new IntegrationRequest(null, Secret.of("s"), null, Map.of(), settings()),
                "clientId is required");
        assertInvalid(
                "harvest",
                new IntegrationRequest(" ", Secret.of("s"), null, Map.of(), settings()),
                "clientId is required");
        assertInvalid(
                "harvest",
                new IntegrationRequest("id\n", Secret.of("s"), null, Map.of(), settings()),
                "clientId must be");
        assertInvalid(
                "harvest", new IntegrationRequest("id", null, null, Map.of(), settings()), "clientSecret is required");
        assertInvalid(
                "harvest",
                new IntegrationRequest("id", Secret.of(""), null, Map.of(), settings()),
                "clientSecret is required");
        assertInvalid(
                "harvest",
                new IntegrationRequest("id", Secret.of("x".repeat(513)), null, Map.of(), settings()),
                "clientSecret must be at most 512");
    }

    @Test
    void failuresNeverEchoTheClientSecretAndStoreNothing() {
        BrokerException e = catchThrowableOfType(
                BrokerException.class,
                () -> integrations.configure(PROJECT, "harvest", harvest(null, Map.of(), Map.of())));

        assertThat(e.getMessage()).doesNotContain(CLIENT_SECRET);
        assertThat(store.list(PROJECT)).isEmpty();
    }

    @Test
    void unknownProviderIsNotFound() {
        BrokerException e = catchThrowableOfType(
                BrokerException.class,
                () -> integrations.configure(PROJECT, "nope\u0007", harvest(null, Map.of(), settings())));

        assertThat(e.kind()).isEqualTo(BrokerException.Kind.NOT_FOUND);
        assertThat(e.code()).isEqualTo("unknown_provider");
        assertThat(e.getMessage()).contains("nope?").doesNotContain("\u0007");
    }

    @Test
    void reconfiguringKeepsTheCreationTimeAndReplacesTheSecret() {
        Integration first = integrations.configure(PROJECT, "harvest", harvest(null, Map.of(), settings()));
        Integrations later = new Integrations(
                ProviderCatalog.load(),
                store,
                vault,
                Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC),
                EgressPolicy.ANY);

        Integration second = later.configure(
                PROJECT,
                "harvest",
                new IntegrationRequest("client-id-2", Secret.of("rotated-secret"), null, Map.of(), settings()));

        assertThat(second.createdAt()).isEqualTo(first.createdAt());
        assertThat(second.updatedAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(vault.open(Integration.clientSecretContext(PROJECT, "harvest"), second.clientSecret())
                        .reveal())
                .isEqualTo("rotated-secret");
        assertThat(integrations.list(PROJECT)).containsExactly(second);
    }

    private void assertInvalid(String provider, IntegrationRequest request, String message) {
        BrokerException e =
                catchThrowableOfType(BrokerException.class, () -> integrations.configure(PROJECT, provider, request));

        assertThat(e).as("expected invalid_request containing '%s'", message).isNotNull();
        assertThat(e.kind()).isEqualTo(BrokerException.Kind.INVALID);
        assertThat(e.code()).isEqualTo("invalid_request");
        assertThat(e.getMessage()).contains(message).doesNotContain(CLIENT_SECRET);
        assertThat(store.list(PROJECT)).isEmpty();
    }

    private static IntegrationRequest harvest(
            List<String> scopes, Map<String, String> overrides, Map<String, String> settings) {
        return new IntegrationRequest("client-id", Secret.of(CLIENT_SECRET), scopes, overrides, settings);
    }

    private static IntegrationRequest generic(Map<String, String> overrides) {
        return new IntegrationRequest("generic-client", Secret.of(CLIENT_SECRET), null, overrides, Map.of());
    }

    private static Map<String, String> settings() {
        return Map.of("userAgent", USER_AGENT);
    }
}
