package dev.authpipe.credential;

import dev.authpipe.oauth.TokenResponse;
import dev.authpipe.vault.SealContext;
import dev.authpipe.vault.Secret;
import dev.authpipe.vault.Vault;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Turns token sets into sealed credentials and back: the one place that knows which credential
 * fields are vault data and what they are bound to (tenant keyset; record = credential id).
 */
public final class TokenSealer {
    static final String ACCESS_TOKEN = "access_token";
    static final String REFRESH_TOKEN = "refresh_token";

    private final Vault vault;

    public TokenSealer(Vault vault) {
        this.vault = vault;
    }

    /** A new credential (version 0) holding {@code tokens}; {@code refreshToken} may be null. */
    public Credential create(
            CredentialKey key,
            Secret accessToken,
            Secret refreshToken,
            String tokenType,
            Instant expiresAt,
            List<String> scopes,
            Map<String, Object> metadata,
            Instant now) {
        String id = Ids.newId("cred");
        return new Credential(
                id,
                key,
                CredentialStatus.ACTIVE,
                vault.seal(context(key, id, ACCESS_TOKEN), accessToken),
                refreshToken == null ? null : vault.seal(context(key, id, REFRESH_TOKEN), refreshToken),
                tokenType,
                expiresAt,
                scopes,
                metadata,
                now,
                now,
                null,
                0);
    }

    /**
     * The credential after a successful refresh: the new access token, the new refresh token if
     * the provider sent one, else the old one kept (a response may omit it, RFC 6749 §6), status
     * active again.
     */
    public Credential refreshed(Credential c, TokenResponse response, Instant now) {
        return new Credential(
                c.id(),
                c.key(),
                CredentialStatus.ACTIVE,
                vault.seal(context(c.key(), c.id(), ACCESS_TOKEN), response.accessToken()),
                response.refreshToken() == null
                        ? c.refreshToken()
                        : vault.seal(context(c.key(), c.id(), REFRESH_TOKEN), response.refreshToken()),
                response.tokenType(),
                response.lifetime().map(now::plus).orElse(null),
                c.scopes(),
                c.metadata(),
                c.createdAt(),
                now,
                now,
                c.version(),
                RefreshState.NONE);
    }

    public Secret accessToken(Credential c) {
        return vault.open(context(c.key(), c.id(), ACCESS_TOKEN), c.accessToken());
    }

    /** The refresh token, or null when the credential has none. */
    public Secret refreshToken(Credential c) {
        return c.refreshToken() == null ? null : vault.open(context(c.key(), c.id(), REFRESH_TOKEN), c.refreshToken());
    }

    private static SealContext context(CredentialKey key, String id, String field) {
        return new SealContext(key.keyScope(), Credential.sealRecord(id), field);
    }
}
