package dev.authpipe.connect;

import dev.authpipe.credential.CredentialFor;
import dev.authpipe.credential.CredentialKey;
import dev.authpipe.vault.KeyScope;
import dev.authpipe.vault.SealContext;
import dev.authpipe.vault.Sealed;
import java.time.Instant;

/**
 * A connect session and, once the browser has opened it, its pending authorization. Only hashes
 * of the session token and the state are stored; the PKCE verifier is sealed.
 *
 * @param userId null for an installation session
 * @param origin where the callback page may post its result, or null
 * @param returnUrl where the callback redirects with its result, or null
 * @param startedAt when the browser opened the session (it opens once), or null
 * @param completedAt when its callback was consumed (once), or null
 * @param browserHash hash of the cookie given to the browser that opened it, when the server binds
 *     connects to browsers; null otherwise
 */
public record ConnectSession(
        String id,
        String tokenHash,
        String projectId,
        String provider,
        String tenantId,
        CredentialFor credentialFor,
        String userId,
        String origin,
        String returnUrl,
        Instant createdAt,
        Instant expiresAt,
        Instant startedAt,
        String stateHash,
        Instant stateExpiresAt,
        Sealed pkceVerifier,
        Instant completedAt,
        String browserHash) {

    public CredentialKey credentialKey() {
        return new CredentialKey(projectId, provider, tenantId, userId);
    }

    public static SealContext verifierContext(String projectId, String tenantId, String sessionId) {
        return new SealContext(KeyScope.tenant(projectId, tenantId), "connect_session/" + sessionId, "pkce_verifier");
    }
}
