package dev.authpipe.broker;

import dev.authpipe.credential.CredentialKey;
import dev.authpipe.vault.Secret;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Tokens brought from another system ({@code POST /v1/credentials/import}).
 *
 * @param refreshToken null when there is none
 * @param expiresAt null when the token has no known expiry
 * @param scopes null for the integration's scopes
 */
public record ImportRequest(
        CredentialKey key,
        Secret accessToken,
        Secret refreshToken,
        String tokenType,
        Instant expiresAt,
        List<String> scopes,
        Map<String, Object> metadata) {}
