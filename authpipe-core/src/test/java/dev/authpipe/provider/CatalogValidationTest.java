package dev.authpipe.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CatalogValidationTest {
    private static final String SOURCE = "example.yaml";
    private static final String VALID = """
            id: example
            displayName: Example
            endpoints:
              authorize: https://auth.example.com/authorize
              token: https://auth.example.com/token
              accounts: https://api.example.com/accounts
              me: https://api.example.com/me
            oauth:
              scopeSeparator: " "
              defaultScopes: [read]
              scopes:
                - name: read
                  description: Read everything
              acceptedScopePatterns: ["account:[0-9]+"]
            requestHeaders:
              User-Agent: "{settings.userAgent}"
            settings:
              - name: userAgent
                required: true
                pattern: "[a-z]+"
                example: acme
            accounts:
              callbackScopePattern: "account:([0-9]+)"
              endpoint: accounts
              listField: accounts
              idField: id
              metadataKey: accountIds
            healthChecks:
              - name: identity
                endpoint: me
                headers:
                  X-Account: "{account}"
            """;

    @Test
    void theBaseDocumentIsValid() {
        Provider provider = parse(VALID);

        assertThat(provider.id()).isEqualTo("example");
        assertThat(provider.healthChecks()).extracting(HealthCheck::name).containsExactly("identity");
        assertThat(provider.oauth().pkce()).isEqualTo(PkceMethod.S256);
        assertThat(provider.oauth().clientAuthentication()).isEqualTo(ClientAuthentication.CLIENT_SECRET_BASIC);
    }

    static Stream<Arguments> brokenDocuments() {
        return Stream.of(
                broken(
                        "unknown top-level field",
                        "displayName: Example",
                        "displayName: Example\ncolour: blue",
                        "colour"),
                broken("unknown nested field", "  scopeSeparator: \" \"", "  scopeSeperator: \" \"", "scopeSeperator"),
                broken(
                        "token URL that is not a URL",
                        "token: https://auth.example.com/token",
                        "token: not a url",
                        "endpoints.token"),
                broken(
                        "token URL that is not http(s)",
                        "token: https://auth.example.com/token",
                        "token: ftp://auth.example.com/token",
                        "endpoints.token"),
                broken(
                        "relative authorize URL",
                        "authorize: https://auth.example.com/authorize",
                        "authorize: /authorize",
                        "endpoints.authorize"),
                broken("missing token endpoint", "  token: https://auth.example.com/token\n", "", "endpoints.token"),
                broken(
                        "missing authorize endpoint",
                        "  authorize: https://auth.example.com/authorize\n",
                        "",
                        "endpoints.authorize"),
                broken(
                        "callback scope regex without a group",
                        "callbackScopePattern: \"account:([0-9]+)\"",
                        "callbackScopePattern: \"account:[0-9]+\"",
                        "accounts.callbackScopePattern"),
                broken(
                        "callback scope regex with two groups",
                        "callbackScopePattern: \"account:([0-9]+)\"",
                        "callbackScopePattern: \"(account):([0-9]+)\"",
                        "accounts.callbackScopePattern"),
                broken(
                        "accepted scope pattern that does not compile",
                        "acceptedScopePatterns: [\"account:[0-9]+\"]",
                        "acceptedScopePatterns: [\"account:[0-9+\"]",
                        "oauth.acceptedScopePatterns"),
                broken(
                        "health check naming an unknown endpoint",
                        "endpoint: me",
                        "endpoint: whoami",
                        "healthChecks.identity"),
                broken(
                        "account discovery naming an unknown endpoint",
                        "endpoint: accounts",
                        "endpoint: companies",
                        "accounts.endpoint"),
                broken(
                        "header placeholder naming an undeclared setting",
                        "User-Agent: \"{settings.userAgent}\"",
                        "User-Agent: \"{settings.appName}\"",
                        "requestHeaders.User-Agent"),
                broken(
                        "account placeholder in a header sent on every call",
                        "User-Agent: \"{settings.userAgent}\"",
                        "User-Agent: \"{account}\"",
                        "requestHeaders.User-Agent"),
                broken(
                        "health check header naming an undeclared setting",
                        "X-Account: \"{account}\"",
                        "X-Account: \"{settings.accountId}\"",
                        "healthChecks.identity.headers.X-Account"),
                broken(
                        "default scope that is not accepted",
                        "defaultScopes: [read]",
                        "defaultScopes: [read, write]",
                        "oauth.defaultScopes"),
                broken(
                        "setting example that its pattern refuses",
                        "example: acme",
                        "example: Acme",
                        "settings.userAgent.example"),
                broken(
                        "negative refresh lead",
                        "displayName: Example",
                        "displayName: Example\nrefresh:\n  defaultLead: -P1D",
                        "refresh.defaultLead"),
                broken(
                        "revocation naming an unknown endpoint",
                        "displayName: Example",
                        "displayName: Example\nrevocation: revoke",
                        "revocation"),
                broken("missing display name", "displayName: Example\n", "", "displayName"),
                broken("upper-case id", "id: example", "id: Example", "id"),
                broken("one-letter id", "id: example", "id: e", "id"),
                broken("id with an underscore", "id: example", "id: ex_ample", "id"),
                broken("id starting with a digit", "id: example", "id: 1example", "id"),
                broken("id with a path", "id: example", "id: ../example", "id"),
                broken("missing id", "id: example\n", "", "id"));
    }

    @ParameterizedTest
    @MethodSource("brokenDocuments")
    void brokenDocumentIsRejectedNamingTheField(String yaml, String field) {
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(CatalogException.class)
                .hasMessageStartingWith(SOURCE + ": ")
                .satisfies(e -> assertThat(e.getMessage()).containsAnyOf(": " + field + " ", "\"" + field + "\""));
    }

    static Stream<Arguments> mistypedValues() {
        return Stream.of(
                broken("unknown PKCE method", "  scopeSeparator: \" \"", "  pkce: plain", "oauth.pkce"),
                broken(
                        "refresh lead that is not a duration",
                        "displayName: Example",
                        "displayName: Example\nrefresh:\n  defaultLead: soon",
                        "refresh.defaultLead"),
                broken(
                        "scopes given as a string",
                        "defaultScopes: [read]",
                        "defaultScopes: read, write",
                        "oauth.defaultScopes"));
    }

    @ParameterizedTest
    @MethodSource("mistypedValues")
    void mistypedValueIsRejectedNamingTheField(String yaml, String field) {
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(CatalogException.class)
                .hasMessageStartingWith(SOURCE + ": ")
                .hasMessageContaining(field);
    }

    @Test
    void endpointWithAFragmentIsRejected() {
        String yaml = VALID.replace(
                "authorize: https://auth.example.com/authorize", "authorize: https://auth.example.com/authorize#top");

        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining(": endpoints.authorize ");
    }

    @Test
    void emptyDocumentIsRejected() {
        assertThatThrownBy(() -> parse("")).isInstanceOf(CatalogException.class).hasMessageStartingWith(SOURCE);
    }

    private static Arguments broken(String name, String original, String replacement, String field) {
        if (!VALID.contains(original)) {
            throw new IllegalArgumentException(name + ": the base document has no '" + original + "'");
        }
        return Arguments.argumentSet(name, VALID.replace(original, replacement), field);
    }

    private static Provider parse(String yaml) {
        return ProviderCatalog.parse(SOURCE, new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }
}
