package dev.authpipe.refresh;

import dev.authpipe.credential.Credential;
import dev.authpipe.credential.CredentialKey;
import dev.authpipe.credential.CredentialStatus;
import dev.authpipe.credential.CredentialStore;
import dev.authpipe.credential.InstallationQuery;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lease half of a {@link CredentialStore}, in memory, with the JDBC store's rules: a lease is
 * taken when there is none, when it expired ({@code until < now}) or by its own owner; only the
 * owner renews or releases it. The rest of the store is not needed by lease tests and throws.
 */
final class InMemoryLeaseStore implements CredentialStore {
    /** Who holds a credential's lease, and until when. */
    record Lease(String owner, Instant until) {}

    private final Map<CredentialKey, Lease> leases = new HashMap<>();
    private final Map<String, Integer> renewAttempts = new HashMap<>();
    private boolean failRenewals;

    @Override
    public synchronized boolean acquireLease(CredentialKey key, String owner, Instant until, Instant now) {
        Lease current = leases.get(key);
        if (current != null
                && !current.until().isBefore(now)
                && !current.owner().equals(owner)) {
            return false;
        }
        leases.put(key, new Lease(owner, until));
        return true;
    }

    @Override
    public synchronized boolean renewLease(CredentialKey key, String owner, Instant until) {
        renewAttempts.merge(owner, 1, Integer::sum);
        if (failRenewals) {
            throw new IllegalStateException("database unavailable");
        }
        Lease current = leases.get(key);
        if (current == null || !current.owner().equals(owner)) {
            return false;
        }
        leases.put(key, new Lease(owner, until));
        return true;
    }

    @Override
    public synchronized void releaseLease(CredentialKey key, String owner) {
        Lease current = leases.get(key);
        if (current != null && current.owner().equals(owner)) {
            leases.remove(key);
        }
    }

    /** The lease as stored, live or expired; empty when none. */
    synchronized Optional<Lease> lease(CredentialKey key) {
        return Optional.ofNullable(leases.get(key));
    }

    /** How many times {@code owner} asked to renew any lease, successfully or not. */
    synchronized int renewAttempts(String owner) {
        return renewAttempts.getOrDefault(owner, 0);
    }

    /** Makes every renewal throw, as a database outage would. */
    synchronized void failRenewals(boolean fail) {
        this.failRenewals = fail;
    }

    @Override
    public Optional<Credential> find(CredentialKey key) {
        throw unsupported();
    }

    @Override
    public Credential upsert(Credential credential) {
        throw unsupported();
    }

    @Override
    public boolean update(Credential updated, long expectedVersion) {
        throw unsupported();
    }

    @Override
    public boolean delete(CredentialKey key) {
        throw unsupported();
    }

    @Override
    public int deleteInstallation(CredentialKey installationKey) {
        throw unsupported();
    }

    @Override
    public List<Credential> listInstallations(String projectId, InstallationQuery query) {
        throw unsupported();
    }

    @Override
    public List<Credential> listUsers(CredentialKey installationKey, String afterUserId, int limit) {
        throw unsupported();
    }

    @Override
    public boolean tenantHasCredentials(String projectId, String tenantId) {
        throw unsupported();
    }

    @Override
    public List<CredentialKey> due(Instant now, int limit) {
        throw unsupported();
    }

    @Override
    public List<CredentialKey> claimDue(Instant now, int limit, String owner, Instant until) {
        throw unsupported();
    }

    @Override
    public long countDue(Instant now) {
        throw unsupported();
    }

    @Override
    public Map<CredentialStatus, Long> countByStatus() {
        throw unsupported();
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("InMemoryLeaseStore holds leases only");
    }
}
