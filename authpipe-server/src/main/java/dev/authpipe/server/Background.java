package dev.authpipe.server;

import dev.authpipe.background.Sweeper;
import dev.authpipe.credential.CredentialKey;
import dev.authpipe.events.Delivery;
import dev.authpipe.events.WebhookDispatcher;
import dev.authpipe.health.HealthChecker;
import dev.authpipe.refresh.LeaseKeeper;
import dev.authpipe.refresh.Refresher;
import dev.authpipe.store.Stores;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's background work, owned in one place: the refresh scheduler, the health checker,
 * the webhook dispatcher (each a sweeper over its due items) and the hourly session purge.
 */
final class Background implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Background.class);

    final Sweeper<CredentialKey> refreshes;
    final Sweeper<CredentialKey> healthChecks;
    final Sweeper<Delivery> deliveries;
    private final Refresher refresher;
    private final LeaseKeeper leases;
    private final ScheduledExecutorService housekeeping;

    Background(
            Refresher refresher,
            HealthChecker health,
            WebhookDispatcher webhooks,
            Stores stores,
            Clock clock,
            String node) {
        this.refresher = refresher;
        this.leases = refresher.leases();
        this.refreshes = new Sweeper<>("refresh", refresher::claimDue, refresher::refreshClaimed, 200, 16);
        this.healthChecks =
                new Sweeper<>("health", limit -> health.claimDue(limit, node), health::checkClaimed, 100, 8);
        this.deliveries = new Sweeper<>("webhook", webhooks::claim, webhooks::deliver, 100, 8);
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "authpipe-housekeeping");
            t.setDaemon(true);
            return t;
        });
        housekeeping.scheduleWithFixedDelay(() -> purgeSessions(stores, clock), 1, 60, TimeUnit.MINUTES);
    }

    void start(Duration period) {
        refreshes.start(period);
        healthChecks.start(period);
        deliveries.start(period);
    }

    private static void purgeSessions(Stores stores, Clock clock) {
        try {
            int purged = stores.connectSessions().deleteExpired(clock.instant().minus(Duration.ofHours(1)));
            if (purged > 0) {
                LOG.info("purged {} expired connect sessions", purged);
            }
        } catch (RuntimeException e) {
            LOG.warn("connect-session purge failed: {}", e.toString());
        }
    }

    /** Stops starting refreshes and waits for those under way (see {@link Refresher#drain}). */
    void drain(Duration timeout) {
        refresher.drain(timeout);
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        refreshes.close();
        healthChecks.close();
        deliveries.close();
        refresher.close();
        leases.close();
    }
}
