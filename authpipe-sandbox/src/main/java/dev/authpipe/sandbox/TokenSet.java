package dev.authpipe.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a successful token request returns (harvest.md §1.6): lower-case {@code bearer} and no
 * {@code scope} field. {@code refreshToken} is null when the refresh response omits it.
 */
record TokenSet(String accessToken, String refreshToken, long expiresIn) {
    ObjectNode toJson() {
        ObjectNode json = Json.object().put("access_token", accessToken);
        if (refreshToken != null) {
            json.put("refresh_token", refreshToken);
        }
        return json.put("token_type", "bearer").put("expires_in", expiresIn);
    }
}
