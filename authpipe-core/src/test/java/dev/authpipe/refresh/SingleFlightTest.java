package dev.authpipe.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SingleFlightTest {
    private static final int CALLERS = 50;

    private final SingleFlight<String, Object> flights = new SingleFlight<>();
    private final AtomicInteger runs = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);

    @Test
    void concurrentCallersShareOneRunAndItsResult() throws InterruptedException {
        Object result = new Object();

        Outcomes outcomes = callConcurrently(() -> {
            runs.incrementAndGet();
            awaitRelease();
            return result;
        });

        assertThat(runs).hasValue(1);
        for (int i = 0; i < CALLERS; i++) {
            assertThat(outcomes.errors.get(i)).isNull();
            assertThat(outcomes.results.get(i)).isSameAs(result);
        }
    }

    @Test
    void concurrentCallersShareOneFailure() throws InterruptedException {
        IllegalStateException failure = new IllegalStateException("provider said no");

        Outcomes outcomes = callConcurrently(() -> {
            runs.incrementAndGet();
            awaitRelease();
            throw failure;
        });

        assertThat(runs).hasValue(1);
        for (int i = 0; i < CALLERS; i++) {
            assertThat(outcomes.results.get(i)).isNull();
            assertThat(outcomes.errors.get(i)).isSameAs(failure);
        }
    }

    @Test
    void aCallAfterCompletionRunsAgain() {
        Object first = flights.run("key", () -> runs.incrementAndGet());
        Object second = flights.run("key", () -> runs.incrementAndGet());

        assertThat(first).isEqualTo(1);
        assertThat(second).isEqualTo(2);
    }

    @Test
    void aCallAfterAFailureRunsAgain() {
        assertThatThrownBy(() -> flights.run("key", () -> {
                    throw new IllegalStateException("first");
                }))
                .hasMessage("first");

        assertThat(flights.run("key", () -> "second")).isEqualTo("second");
    }

    @Test
    void differentKeysDoNotShare() {
        Object a = flights.run("a", () -> flights.run("b", () -> "inner") + "-outer");

        assertThat(a).isEqualTo("inner-outer");
    }

    /**
     * Starts {@link #CALLERS} threads on one key, lets the work finish only once every thread is
     * parked inside {@code run} (the first in the work, the rest waiting for it), and collects
     * what each got.
     */
    private Outcomes callConcurrently(Supplier<Object> work) throws InterruptedException {
        flights.run("warm-up", () -> "loads the classes the callers use");
        CountDownLatch start = new CountDownLatch(1);
        Outcomes outcomes = new Outcomes();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            int index = i;
            Thread thread = new Thread(
                    () -> {
                        awaitUninterruptibly(start);
                        outcomes.entered.incrementAndGet();
                        try {
                            outcomes.results.set(index, flights.run("credential", work));
                        } catch (RuntimeException e) {
                            outcomes.errors.set(index, e);
                        }
                    },
                    "caller-" + i);
            threads.add(thread);
            thread.start();
        }

        start.countDown();
        while (outcomes.entered.get() < CALLERS
                || threads.stream().anyMatch(t -> t.getState() != Thread.State.WAITING)) {
            Thread.onSpinWait();
        }
        release.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        return outcomes;
    }

    private void awaitRelease() {
        awaitUninterruptibly(release);
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final class Outcomes {
        final AtomicInteger entered = new AtomicInteger();
        final AtomicReferenceArray<Object> results = new AtomicReferenceArray<>(CALLERS);
        final AtomicReferenceArray<RuntimeException> errors = new AtomicReferenceArray<>(CALLERS);
    }
}
