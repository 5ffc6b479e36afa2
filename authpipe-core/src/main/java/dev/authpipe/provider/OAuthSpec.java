package dev.authpipe.provider;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a provider speaks OAuth 2.0 (RFC 6749) beyond the standard.
 *
 * @param pkce PKCE method sent on authorization (RFC 7636), {@code NONE} where it is refused
 * @param scopeSeparator joins scopes in the authorization request (space per RFC 6749 §3.3; some
 *     providers use a comma)
 * @param defaultScopes scopes an integration gets when it names none
 * @param scopes scopes offered to integrations, with descriptions; those marked not upstream are
 *     Authpipe-level and never sent to the provider
 * @param acceptedScopePatterns regular expressions a configured scope must match (offered scopes
 *     are always accepted)
 * @param clientAuthentication how the client authenticates at the token endpoint (RFC 6749 §2.3.1)
 * @param tokenRequestFormat body encoding of token requests
 */
public record OAuthSpec(
        PkceMethod pkce,
        String scopeSeparator,
        List<String> defaultScopes,
        List<ScopeSpec> scopes,
        List<String> acceptedScopePatterns,
        ClientAuthentication clientAuthentication,
        BodyFormat tokenRequestFormat) {

    public OAuthSpec {
        pkce = pkce == null ? PkceMethod.S256 : pkce;
        scopeSeparator = scopeSeparator == null ? " " : scopeSeparator;
        defaultScopes = List.copyOf(defaultScopes == null ? List.of() : defaultScopes);
        scopes = List.copyOf(scopes == null ? List.of() : scopes);
        acceptedScopePatterns = List.copyOf(acceptedScopePatterns == null ? List.of() : acceptedScopePatterns);
        clientAuthentication =
                clientAuthentication == null ? ClientAuthentication.CLIENT_SECRET_BASIC : clientAuthentication;
        tokenRequestFormat = tokenRequestFormat == null ? BodyFormat.FORM : tokenRequestFormat;
    }

    public Optional<ScopeSpec> scope(String name) {
        return scopes.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Whether an integration may ask for {@code scope}. */
    public boolean accepts(String scope) {
        return scope(scope).isPresent() || acceptedScopePatterns.stream().anyMatch(p -> Pattern.matches(p, scope));
    }

    /** Whether {@code scope} goes to the provider (Authpipe-level scopes do not). */
    public boolean isUpstream(String scope) {
        return scope(scope).map(ScopeSpec::upstream).orElse(true);
    }

    /** The scopes to send upstream, in order, joined by the provider's separator. */
    public String upstreamScopeParameter(List<String> configured) {
        return String.join(
                scopeSeparator, configured.stream().filter(this::isUpstream).toList());
    }
}
