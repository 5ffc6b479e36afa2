package dev.authpipe.credential;

import java.util.List;
import java.util.Optional;

/** Persistence of credentials. Implementations never see plaintext tokens. */
public interface CredentialStore {
    Optional<Credential> find(CredentialKey key);

    /** Inserts, or replaces the credential with the same key (a reconnect); returns what is stored. */
    Credential upsert(Credential credential);

    /**
     * Writes {@code updated} only if the stored version is still {@code expectedVersion}; the
     * stored version becomes {@code expectedVersion + 1}. Returns whether it wrote.
     */
    boolean update(Credential updated, long expectedVersion);

    boolean delete(CredentialKey key);

    /** Deletes the installation and every user credential of its tenant; returns how many rows went. */
    int deleteInstallation(CredentialKey installationKey);

    /** A page of installations, ordered by (provider, tenant). */
    List<Credential> listInstallations(String projectId, InstallationQuery query);

    /** A page of the users of one installation, ordered by user id. */
    List<Credential> listUsers(CredentialKey installationKey, String afterUserId, int limit);

    /** Whether any credential (installation or user) of the tenant remains. */
    boolean tenantHasCredentials(String projectId, String tenantId);
}
