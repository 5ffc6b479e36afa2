package dev.authpipe.credential;

import dev.authpipe.vault.KeyScope;
import java.util.Objects;

/**
 * The identity of a credential: (project, provider, tenant) for an installation, plus the user for
 * a user credential.
 *
 * @param userId null for the installation
 */
public record CredentialKey(String projectId, String provider, String tenantId, String userId) {
    public CredentialKey {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(tenantId, "tenantId");
    }

    public static CredentialKey installation(String projectId, String provider, String tenantId) {
        return new CredentialKey(projectId, provider, tenantId, null);
    }

    public static CredentialKey user(String projectId, String provider, String tenantId, String userId) {
        return new CredentialKey(projectId, provider, tenantId, Objects.requireNonNull(userId, "userId"));
    }

    public CredentialFor credentialFor() {
        return userId == null ? CredentialFor.INSTALLATION : CredentialFor.USER;
    }

    /** The installation this credential belongs to (itself, for an installation). */
    public CredentialKey installationKey() {
        return userId == null ? this : installation(projectId, provider, tenantId);
    }

    /** Tokens are sealed with the tenant's keyset. */
    public KeyScope keyScope() {
        return KeyScope.tenant(projectId, tenantId);
    }

    @Override
    public String toString() {
        return provider + "/" + tenantId + (userId == null ? "" : "/users/" + userId);
    }
}
