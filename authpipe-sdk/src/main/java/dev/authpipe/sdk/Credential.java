package dev.authpipe.sdk;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A provider access token as Authpipe handed it out, with what is known about it.
 *
 * <p>Immutable. Instances come only from {@link Authpipe#getCredential(CredentialRequest)}; a cache hit returns the
 * very instance fetched before. {@link #toString()} shows everything but the token, so a credential may be logged by
 * mistake without leaking it.
 */
public final class Credential {
    private final String credential;
    private final String tokenType;
    private final Instant expiresAt;
    private final List<String> scopes;
    private final Map<String, Object> metadata;
    private final String status;

    /** Takes ownership of {@code scopes} and {@code metadata}, which the caller guarantees are unmodifiable. */
    Credential(
            String credential,
            String tokenType,
            Instant expiresAt,
            List<String> scopes,
            Map<String, Object> metadata,
            String status) {
        this.credential = credential;
        this.tokenType = tokenType;
        this.expiresAt = expiresAt;
        this.scopes = scopes;
        this.metadata = metadata;
        this.status = status;
    }

    /** The access token, to send to the provider (e.g. {@code Authorization: Bearer <credential>}). */
    public String credential() {
        return credential;
    }

    /** The token type the provider reported, e.g. {@code bearer}; {@code null} if the server sent none. */
    public String tokenType() {
        return tokenType;
    }

    /** When the token expires, or {@code null} when the provider reported no expiry. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** The granted scopes; unmodifiable, empty when none were reported. */
    public List<String> scopes() {
        return scopes;
    }

    /**
     * Provider-specific facts about the credential, e.g. Harvest's {@code accountIds}; unmodifiable at every level.
     * Nested JSON values appear as {@code Map}, {@code List}, {@code String}, {@code Long}, {@code BigInteger}, {@code
     * Double}, {@code Boolean} or {@code null}.
     */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /** The credential's status on the server, e.g. {@code active}; {@code null} if the server sent none. */
    public String status() {
        return status;
    }

    /** Describes the credential without its token; metadata appears by key only. */
    @Override
    public String toString() {
        return "Credential{credential=***, tokenType=" + tokenType + ", expiresAt=" + expiresAt + ", scopes=" + scopes
                + ", metadataKeys=" + metadata.keySet() + ", status=" + status + "}";
    }
}
