package dev.authpipe.credential;

import java.time.Instant;
import java.util.List;
import java.util.Map;
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

    /**
     * Up to {@code limit} credentials whose next refresh is due at {@code now} and that no live
     * lease holds, earliest first. Served by an index on the next refresh time, so its cost grows
     * with the number due, not the number stored.
     */
    List<CredentialKey> due(Instant now, int limit);

    /**
     * Claims up to {@code limit} due credentials for {@code owner} in one transaction: each gets
     * the owner's lease until {@code until} unless another live lease holds it. Returns the
     * claimed ones, earliest due first.
     */
    List<CredentialKey> claimDue(Instant now, int limit, String owner, Instant until);

    /**
     * Takes the refresh lease of a credential for {@code owner} until {@code until}, if no one else
     * holds a live one (the owner may re-take its own). Returns whether it did.
     */
    boolean acquireLease(CredentialKey key, String owner, Instant until, Instant now);

    /** Extends a lease {@code owner} still holds; returns whether it still held it. */
    boolean renewLease(CredentialKey key, String owner, Instant until);

    /** Gives a lease up, if {@code owner} holds it. */
    void releaseLease(CredentialKey key, String owner);

    /** How many credentials are due at {@code now} (the refresh backlog). */
    long countDue(Instant now);

    /** How many credentials there are in each status. */
    Map<CredentialStatus, Long> countByStatus();
}
