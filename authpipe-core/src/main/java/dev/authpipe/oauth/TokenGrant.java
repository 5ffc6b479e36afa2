package dev.authpipe.oauth;

import dev.authpipe.vault.Secret;
import java.util.LinkedHashMap;
import java.util.Map;

/** The grant-specific parameters of a token request (RFC 6749 §4.1.3 and §6). */
public record TokenGrant(String grantType, Map<String, Secret> parameters) {
    public TokenGrant {
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** Exchanges an authorization code; {@code verifier} is null when PKCE was not used. */
    public static TokenGrant authorizationCode(Secret code, String redirectUri, Secret verifier) {
        Map<String, Secret> params = new LinkedHashMap<>();
        params.put("code", code);
        params.put("redirect_uri", Secret.of(redirectUri));
        if (verifier != null) {
            params.put("code_verifier", verifier);
        }
        return new TokenGrant("authorization_code", params);
    }

    public static TokenGrant refresh(Secret refreshToken) {
        return new TokenGrant("refresh_token", Map.of("refresh_token", refreshToken));
    }

    @Override
    public String toString() {
        return "TokenGrant[" + grantType + "]";
    }
}
