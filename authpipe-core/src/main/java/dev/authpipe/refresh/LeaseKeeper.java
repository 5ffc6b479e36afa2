package dev.authpipe.refresh;

import dev.authpipe.credential.CredentialKey;
import dev.authpipe.credential.CredentialStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refresh leases in the database: at most one node refreshes a credential at a time. The holder
 * renews its leases every third of their lifetime while its token request is in flight, so a lease
 * outlives any slow provider and expires only when its holder has died (then another node may
 * take over).
 */
public final class LeaseKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final CredentialStore store;
    private final Clock clock;
    private final Duration ttl;
    private final String owner;
    private final Set<CredentialKey> held = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService renewer;

    public LeaseKeeper(CredentialStore store, Clock clock, Duration ttl, String owner) {
        this.store = store;
        this.clock = clock;
        this.ttl = ttl;
        this.owner = owner;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "authpipe-lease-renewer");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, ttl.toMillis() / 3);
        renewer.scheduleAtFixedRate(this::renewAll, period, period, TimeUnit.MILLISECONDS);
    }

    public String owner() {
        return owner;
    }

    /** Takes the lease if it is free or expired; a taken lease is renewed until {@link #release}. */
    public boolean acquire(CredentialKey key) {
        boolean acquired = store.acquireLease(key, owner, clock.instant().plus(ttl), clock.instant());
        if (acquired) {
            held.add(key);
        }
        return acquired;
    }

    /** Starts renewing a lease taken elsewhere for this owner (a scheduler's batch claim). */
    public void adopt(CredentialKey key) {
        held.add(key);
    }

    public Duration ttl() {
        return ttl;
    }

    public void release(CredentialKey key) {
        held.remove(key);
        store.releaseLease(key, owner);
    }

    /** Stops renewing without touching the database (the release commits with the refresh). */
    public void forget(CredentialKey key) {
        held.remove(key);
    }

    void renewAll() {
        for (CredentialKey key : held) {
            try {
                if (!store.renewLease(key, owner, clock.instant().plus(ttl))) {
                    held.remove(key);
                    LOG.warn("lost the refresh lease of {}", key);
                }
            } catch (RuntimeException e) {
                LOG.warn("renewing the refresh lease of {} failed: {}", key, e.toString());
            }
        }
    }

    @Override
    public void close() {
        renewer.shutdownNow();
    }
}
