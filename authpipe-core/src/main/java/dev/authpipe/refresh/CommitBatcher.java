package dev.authpipe.refresh;

import dev.authpipe.credential.Transactor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Group commit for refresh results. Each refresh must be durable before its caller goes on (a
 * rotated refresh token exists nowhere else), and on a single-writer store each durable commit
 * costs a disk sync. Writers hand their transaction to one committer thread, which runs all
 * waiting ones in a single transaction and sync, then releases each writer with its own result.
 * If the group fails, each is retried alone, so one bad write never sinks the others.
 */
public final class CommitBatcher implements Transactor, AutoCloseable {
    private final Transactor database;
    private final int maxBatch;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread committer;
    private volatile boolean closed;

    private record Pending<T>(Supplier<T> work, CompletableFuture<T> done) {
        void runAlone(Transactor database) {
            try {
                done.complete(database.inTransaction(work));
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        }
    }

    public CommitBatcher(Transactor database, int maxBatch) {
        this.database = database;
        this.maxBatch = maxBatch;
        this.committer = new Thread(this::commitLoop, "authpipe-refresh-committer");
        committer.setDaemon(true);
        committer.start();
    }

    /** Runs {@code work} in a transaction shared with other waiting writers; returns once it is committed. */
    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (closed) {
            return database.inTransaction(work);
        }
        Pending<T> pending = new Pending<>(work, new CompletableFuture<>());
        queue.add(pending);
        if (closed && queue.remove(pending)) {
            // The committer stopped after we checked; commit on this thread instead.
            return database.inTransaction(work);
        }
        return Futures.join(pending.done());
    }

    private void commitLoop() {
        List<Pending<?>> batch = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            queue.drainTo(batch, maxBatch - 1);
            commit(batch);
            batch.clear();
        }
        Pending<?> left;
        while ((left = queue.poll()) != null) {
            left.runAlone(database);
        }
    }

    private void commit(List<Pending<?>> batch) {
        if (batch.size() == 1) {
            batch.get(0).runAlone(database);
            return;
        }
        List<Object> results = new ArrayList<>(batch.size());
        try {
            database.inTransaction(() -> {
                for (Pending<?> p : batch) {
                    results.add(p.work().get());
                }
                return null;
            });
        } catch (RuntimeException | Error groupFailed) {
            for (Pending<?> p : batch) {
                p.runAlone(database);
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), results.get(i));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Pending<T> pending, Object result) {
        pending.done().complete((T) result);
    }

    /**
     * Stops the committer after it has committed everything queued; writers arriving later commit
     * on their own thread. A provider's answer is never dropped on shutdown.
     */
    @Override
    public void close() {
        closed = true;
        committer.interrupt();
        try {
            committer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
