package dev.authpipe.background;

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
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due items in batches and processes each on a worker pool. {@link #runOnce()} is one pass;
 * {@link #start} runs passes on a timer, back to back while passes find work (processing moves an
 * item's due time forward, so this ends; and an item that becomes due because another finished,
 * such as a credential's next webhook, goes out at once).
 *
 * @param <T> the claimed item
 */
public final class Sweeper<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);
    private static final int MAX_PASSES_PER_TICK = 100;

    private final String name;
    private final IntFunction<List<T>> claim;
    private final Consumer<T> work;
    private final int batchSize;
    private final ExecutorService workers;
    private ScheduledExecutorService timer;

    /**
     * @param claim claims up to the given number of due items (the lease is taken by the claim)
     * @param work processes one claimed item; it must not throw for ordinary failures
     */
    public Sweeper(String name, IntFunction<List<T>> claim, Consumer<T> work, int batchSize, int workerThreads) {
        this.name = name;
        this.claim = claim;
        this.work = work;
        this.batchSize = batchSize;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(workerThreads, r -> {
            Thread t = new Thread(r, "authpipe-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** One pass: processes up to one batch and waits for it. Returns how many items it claimed. */
    public int runOnce() {
        List<T> due = claim.apply(batchSize);
        List<Future<?>> running = new ArrayList<>(due.size());
        for (T item : due) {
            running.add(workers.submit(() -> work.accept(item)));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                LOG.warn("{}: an item failed unexpectedly", name, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return due.size();
    }

    public synchronized void start(Duration period) {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "authpipe-" + name + "-timer");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::drain, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void drain() {
        try {
            // Processing moves each item's due time forward, so passes run dry; the cap is a guard
            // against an item that fails without doing so.
            for (int pass = 0; pass < MAX_PASSES_PER_TICK && runOnce() > 0; pass++) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: pass failed: {}", name, e.toString());
        }
    }

    /** Stops the timer and lets items under way finish (up to 30 seconds) before stopping the workers. */
    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
