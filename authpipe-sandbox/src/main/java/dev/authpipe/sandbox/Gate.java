package dev.authpipe.sandbox;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds token responses after the provider has acted on the request (the refresh is done, the
 * response not yet sent): the window in which a slow provider outlasts locks and leases, or a
 * client dies with a rotated token in flight. Open by default; a held response waits at most a
 * minute so a forgotten gate cannot hang a test run.
 */
final class Gate {
    private volatile CountDownLatch latch;
    private final AtomicInteger waiting = new AtomicInteger();

    void close() {
        latch = new CountDownLatch(1);
    }

    void open() {
        CountDownLatch held = latch;
        latch = null;
        if (held != null) {
            held.countDown();
        }
    }

    /** Waits while the gate is closed. */
    void pass() {
        CountDownLatch held = latch;
        if (held == null) {
            return;
        }
        waiting.incrementAndGet();
        try {
            held.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting.decrementAndGet();
        }
    }

    int waiting() {
        return waiting.get();
    }
}
