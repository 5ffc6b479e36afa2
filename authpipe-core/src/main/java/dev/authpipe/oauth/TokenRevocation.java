package dev.authpipe.oauth;

import dev.authpipe.provider.ClientAuthentication;
import dev.authpipe.provider.OAuthSpec;
import dev.authpipe.vault.Secret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token revocation (RFC 7009): tells the provider a token is no longer wanted. Revoking a refresh
 * token also ends its grant's access tokens at providers that follow §2.1.
 */
public final class TokenRevocation {
    private final ProviderHttp http;

    public TokenRevocation(ProviderHttp http) {
        this.http = http;
    }

    /**
     * Revokes {@code token}. RFC 7009 §2.2: a 200 means revoked (or already invalid).
     *
     * @param hint {@code refresh_token} or {@code access_token}
     * @return whether the provider confirmed it
     * @throws ProviderUnavailableException for transport failures, 429 and 5xx
     */
    public boolean revoke(
            String url,
            OAuthSpec spec,
            ClientCredentials client,
            Secret token,
            String hint,
            Map<String, String> headers) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("token", token.reveal());
        params.put("token_type_hint", hint);
        Map<String, String> allHeaders = new LinkedHashMap<>(headers);
        allHeaders.put("Content-Type", "application/x-www-form-urlencoded");
        if (spec.clientAuthentication() == ClientAuthentication.CLIENT_SECRET_BASIC) {
            String pair = URLEncoder.encode(client.clientId(), StandardCharsets.UTF_8) + ":"
                    + URLEncoder.encode(client.clientSecret().reveal(), StandardCharsets.UTF_8);
            allHeaders.put(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        } else {
            params.put("client_id", client.clientId());
            params.put("client_secret", client.clientSecret().reveal());
        }
        return http.post(url, allHeaders, FormEncoding.encode(params)).status() == 200;
    }
}
