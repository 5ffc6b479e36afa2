package dev.authpipe.oauth;

import dev.authpipe.provider.OAuthSpec;
import dev.authpipe.provider.PkceMethod;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The front-channel authorization request of the code flow (RFC 6749 §4.1.1), with PKCE
 * (RFC 7636 §4.3) when the provider takes it.
 *
 * @param scopes the integration's scopes; Authpipe-level ones are dropped here
 */
public record AuthorizationRequest(
        String authorizeUrl, String clientId, String redirectUri, List<String> scopes, String state, Pkce pkce) {

    public URI toUri(OAuthSpec spec) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", clientId);
        params.put("redirect_uri", redirectUri);
        String scope = spec.upstreamScopeParameter(scopes);
        if (!scope.isEmpty()) {
            params.put("scope", scope);
        }
        params.put("state", state);
        if (spec.pkce() == PkceMethod.S256 && pkce != null) {
            params.put("code_challenge", pkce.challenge());
            params.put("code_challenge_method", Pkce.METHOD);
        }
        return FormEncoding.appendQuery(authorizeUrl, params);
    }
}
