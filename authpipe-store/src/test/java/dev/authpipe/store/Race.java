package dev.authpipe.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/** Runs work on several threads released together by a latch, so they really contend. */
final class Race {
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private Race() {}

    /** Runs {@code task(0..threads-1)} on its own thread each, all starting at once; returns results in task order. */
    static <T> List<T> among(int threads, IntFunction<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return task.apply(n);
                }));
            }
            assertThat(ready.await(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                    .as("all racers ready")
                    .isTrue();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Runs {@code work} on a fresh thread (outside any transaction of the caller) and returns its
     * result; what it throws is rethrown here.
     */
    static <T> T onAnotherThread(Callable<T> work) {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            return pool.submit(work).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw new AssertionError("work on another thread failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (TimeoutException e) {
            throw new AssertionError("work on another thread took longer than " + PATIENCE, e);
        } finally {
            pool.shutdownNow();
        }
    }
}
