package dev.authpipe.refresh;

import dev.authpipe.credential.CredentialKey;
import dev.authpipe.credential.CredentialStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes credentials before anyone asks: claims due credentials in batches (through the index
 * on their next refresh time, so the cost follows the number due) and refreshes them on a small
 * worker pool. {@link #runDueRefreshes()} is one pass, which tests call directly after moving the
 * clock; {@link #start} runs passes on a timer.
 */
public final class RefreshScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshScheduler.class);

    private final CredentialStore store;
    private final Refresher refresher;
    private final Clock clock;
    private final int batchSize;
    private final ExecutorService workers;
    private ScheduledExecutorService timer;

    public RefreshScheduler(CredentialStore store, Refresher refresher, Clock clock, int batchSize, int workerThreads) {
        this.store = store;
        this.refresher = refresher;
        this.clock = clock;
        this.batchSize = batchSize;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(workerThreads, r -> {
            Thread t = new Thread(r, "authpipe-refresh-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** One pass: refreshes up to one batch of due credentials and waits for them. Returns how many it took. */
    public int runDueRefreshes() {
        LeaseKeeper leases = refresher.leases();
        List<CredentialKey> due = store.claimDue(
                clock.instant(), batchSize, leases.owner(), clock.instant().plus(leases.ttl()));
        due.forEach(leases::adopt);
        List<Future<?>> running = new ArrayList<>(due.size());
        for (CredentialKey key : due) {
            running.add(workers.submit(() -> refresher.refreshClaimed(key)));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                LOG.warn("scheduled refresh failed unexpectedly", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return due.size();
            }
        }
        return due.size();
    }

    /** Runs passes every {@code period}, and back to back while batches come back full. */
    public synchronized void start(Duration period) {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "authpipe-refresh-scheduler");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::drain, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void drain() {
        try {
            while (runDueRefreshes() == batchSize && !Thread.currentThread().isInterrupted()) {
                LOG.debug("refresh batch was full; running another pass");
            }
        } catch (RuntimeException e) {
            LOG.warn("refresh pass failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        workers.shutdownNow();
    }
}
