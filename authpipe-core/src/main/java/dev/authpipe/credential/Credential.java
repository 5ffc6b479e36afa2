package dev.authpipe.credential;

import dev.authpipe.vault.Sealed;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stored token set with its bookkeeping. Tokens are sealed: this record never holds plaintext.
 *
 * @param expiresAt null when the provider reported no expiry
 * @param refreshToken null when the provider issued none
 * @param metadata provider facts about the grant, e.g. Harvest's {@code accountIds}; no secrets
 * @param version increases on every write; writers compare it to detect concurrent changes
 * @param refresh when it is refreshed next and how the last attempts went
 */
public record Credential(
        String id,
        CredentialKey key,
        CredentialStatus status,
        Sealed accessToken,
        Sealed refreshToken,
        String tokenType,
        Instant expiresAt,
        List<String> scopes,
        Map<String, Object> metadata,
        Instant createdAt,
        Instant updatedAt,
        Instant refreshedAt,
        long version,
        RefreshState refresh) {

    public Credential {
        scopes = List.copyOf(scopes);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        refresh = refresh == null ? RefreshState.NONE : refresh;
    }

    /** A credential with no refresh bookkeeping yet. */
    public Credential(
            String id,
            CredentialKey key,
            CredentialStatus status,
            Sealed accessToken,
            Sealed refreshToken,
            String tokenType,
            Instant expiresAt,
            List<String> scopes,
            Map<String, Object> metadata,
            Instant createdAt,
            Instant updatedAt,
            Instant refreshedAt,
            long version) {
        this(
                id,
                key,
                status,
                accessToken,
                refreshToken,
                tokenType,
                expiresAt,
                scopes,
                metadata,
                createdAt,
                updatedAt,
                refreshedAt,
                version,
                RefreshState.NONE);
    }

    public Credential withRefresh(RefreshState state) {
        return new Credential(
                id,
                key,
                status,
                accessToken,
                refreshToken,
                tokenType,
                expiresAt,
                scopes,
                metadata,
                createdAt,
                updatedAt,
                refreshedAt,
                version,
                state);
    }

    public Credential withStatus(CredentialStatus newStatus, Instant now) {
        return new Credential(
                id,
                key,
                newStatus,
                accessToken,
                refreshToken,
                tokenType,
                expiresAt,
                scopes,
                metadata,
                createdAt,
                now,
                refreshedAt,
                version,
                refresh);
    }

    /** When its current token was obtained: the last refresh, else creation. */
    public Instant issuedAt() {
        return refreshedAt != null ? refreshedAt : createdAt;
    }

    /** Whether the token is valid for at least {@code margin} more at {@code now}. */
    public boolean validFor(Instant now, Duration margin) {
        return expiresAt == null || !expiresAt.isBefore(now.plus(margin));
    }

    public boolean hasRefreshToken() {
        return refreshToken != null;
    }

    /** The record name the vault binds this credential's ciphertexts to. */
    public static String sealRecord(String credentialId) {
        return "credential/" + credentialId;
    }
}
