package dev.authpipe.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.authpipe.provider.BodyFormat;
import dev.authpipe.provider.ClientAuthentication;
import dev.authpipe.provider.OAuthSpec;
import dev.authpipe.vault.Secret;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Token requests (RFC 6749 §4.1.3, §6) in the provider's style, and their responses (§5.1, §5.2).
 */
public final class TokenEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProviderHttp http;

    public TokenEndpoint(ProviderHttp http) {
        this.http = http;
    }

    /**
     * Performs one token request.
     *
     * @param headers provider-required headers (e.g. Harvest's User-Agent)
     * @throws OAuthException for an OAuth error answer or a malformed success
     * @throws ProviderUnavailableException for transport failures, 429 and 5xx
     */
    public TokenResponse request(
            String tokenUrl, OAuthSpec spec, ClientCredentials client, TokenGrant grant, Map<String, String> headers) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", grant.grantType());
        grant.parameters().forEach((k, v) -> params.put(k, v.reveal()));
        Map<String, String> allHeaders = new LinkedHashMap<>(headers);
        allHeaders.put("Accept", "application/json");
        if (spec.clientAuthentication() == ClientAuthentication.CLIENT_SECRET_BASIC) {
            allHeaders.put("Authorization", basic(client));
        } else {
            params.put("client_id", client.clientId());
            params.put("client_secret", client.clientSecret().reveal());
        }
        String body;
        if (spec.tokenRequestFormat() == BodyFormat.JSON) {
            allHeaders.put("Content-Type", "application/json");
            ObjectNode node = JSON.createObjectNode();
            params.forEach(node::put);
            body = node.toString();
        } else {
            allHeaders.put("Content-Type", "application/x-www-form-urlencoded");
            body = FormEncoding.encode(params);
        }
        return parse(http.post(tokenUrl, allHeaders, body));
    }

    /** RFC 6749 §2.3.1: id and secret are form-encoded before Basic encoding. */
    private static String basic(ClientCredentials client) {
        String pair = URLEncoder.encode(client.clientId(), StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(client.clientSecret().reveal(), StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    static TokenResponse parse(ProviderHttp.Response response) {
        Map<String, String> fields = fields(response);
        if (!response.isSuccess()) {
            String error = fields.get("error");
            if (error == null || error.isBlank()) {
                throw new OAuthException(
                        "invalid_response",
                        response.status(),
                        "the token endpoint answered HTTP " + response.status() + " without an OAuth error");
            }
            throw new OAuthException(
                    error, response.status(), "the provider refused the token request (" + error + ")");
        }
        String accessToken = fields.get("access_token");
        if (accessToken == null || accessToken.isEmpty()) {
            throw new OAuthException("invalid_response", response.status(), "the token response has no access_token");
        }
        String refresh = fields.get("refresh_token");
        return new TokenResponse(
                Secret.of(accessToken),
                fields.get("token_type"),
                expiresIn(fields.get("expires_in"), response.status()),
                refresh == null || refresh.isEmpty() ? null : Secret.of(refresh),
                fields.get("scope"));
    }

    private static Long expiresIn(String value, int status) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value);
            if (seconds < 0) {
                throw new NumberFormatException();
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw new OAuthException("invalid_response", status, "the token response has a malformed expires_in");
        }
    }

    /** Reads the top-level fields of a JSON or form-encoded body as strings. */
    private static Map<String, String> fields(ProviderHttp.Response response) {
        Map<String, String> fields = new LinkedHashMap<>();
        String body = response.body() == null ? "" : response.body().strip();
        boolean form = response.contentType()
                .map(t -> t.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded"))
                .orElse(false);
        if (form) {
            return FormEncoding.decode(body);
        }
        if (!body.startsWith("{")) {
            return fields;
        }
        try {
            JsonNode node = JSON.readTree(body);
            node.properties().forEach(e -> {
                JsonNode v = e.getValue();
                if (v.isValueNode() && !v.isNull()) {
                    fields.put(e.getKey(), v.asText());
                }
            });
        } catch (IOException e) {
            fields.clear();
        }
        return fields;
    }
}
