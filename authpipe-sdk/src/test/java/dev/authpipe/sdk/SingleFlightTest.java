package dev.authpipe.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Concurrent misses for one credential share one request. The fake server holds its answer until every caller is
 * parked waiting for it, so the callers provably overlap.
 */
class SingleFlightTest {
    private static final int CALLERS = 50;
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final CredentialRequest BOT = CredentialRequest.installation("harvest", "org_acme");

    private final MockWebServer server = new MockWebServer();
    private Authpipe authpipe;

    @BeforeEach
    void start() throws Exception {
        server.start();
        authpipe = Authpipe.builder()
                .baseUrl(server.url("/").uri())
                .secretKey("sk_test_flight")
                .clock(new MutableClock(NOW))
                .build();
    }

    @AfterEach
    void stop() {
        authpipe.close();
        server.close();
    }

    @Test
    void concurrentMissesForOneCredentialMakeOneRequest() throws Exception {
        Object[] results =
                callConcurrently(() -> ServerAnswers.credential("tok_shared", NOW.plus(Duration.ofHours(1))));

        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(results[0]).isInstanceOf(Credential.class);
        assertThat(results).allSatisfy(result -> assertThat(result).isSameAs(results[0]));
    }

    @Test
    void everyWaiterGetsTheSameTypedFailure() throws Exception {
        Object[] results =
                callConcurrently(() -> ServerAnswers.error(409, "reconnect_required", "The grant was revoked"));

        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(results[0]).isInstanceOf(ReconnectRequired.class);
        assertThat(results).allSatisfy(result -> assertThat(result).isSameAs(results[0]));
    }

    @Test
    void aSlowFetchDoesNotHoldUpOtherCredentials() throws Exception {
        CountDownLatch slowRequestArrived = new CountDownLatch(1);
        CountDownLatch releaseSlow = new CountDownLatch(1);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                if ("org_slow".equals(request.getUrl().queryParameter("tenantId"))) {
                    slowRequestArrived.countDown();
                    releaseSlow.await(10, TimeUnit.SECONDS);
                    return ServerAnswers.credential("tok_slow", NOW.plus(Duration.ofHours(1)));
                }
                return ServerAnswers.credential("tok_fast", NOW.plus(Duration.ofHours(1)));
            }
        });
        try {
            CompletableFuture<Credential> slow = CompletableFuture.supplyAsync(
                    () -> authpipe.getCredential(CredentialRequest.installation("harvest", "org_slow")));
            assertThat(slowRequestArrived.await(10, TimeUnit.SECONDS)).isTrue();

            Credential fast = CompletableFuture.supplyAsync(
                            () -> authpipe.getCredential(CredentialRequest.installation("harvest", "org_fast")))
                    .get(10, TimeUnit.SECONDS);

            assertThat(fast.credential()).isEqualTo("tok_fast");
            assertThat(slow).isNotDone();
            releaseSlow.countDown();
            assertThat(slow.get(10, TimeUnit.SECONDS).credential()).isEqualTo("tok_slow");
        } finally {
            releaseSlow.countDown();
        }
    }

    /** Calls {@code getCredential(BOT)} from {@link #CALLERS} threads; each slot holds a Credential or a Throwable. */
    private Object[] callConcurrently(Supplier<MockResponse> answer) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch calling = new CountDownLatch(CALLERS);
        AtomicReferenceArray<Object> results = new AtomicReferenceArray<>(CALLERS);
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            int slot = i;
            callers.add(new Thread(
                    () -> {
                        try {
                            go.await();
                            calling.countDown();
                            results.set(slot, authpipe.getCredential(BOT));
                        } catch (Throwable e) {
                            results.set(slot, e);
                        }
                    },
                    "caller-" + i));
        }
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                calling.await(10, TimeUnit.SECONDS);
                awaitAllParked(callers);
                return answer.get();
            }
        });
        callers.forEach(Thread::start);
        go.countDown();
        for (Thread caller : callers) {
            caller.join(TimeUnit.SECONDS.toMillis(20));
            assertThat(caller.isAlive()).as(caller.getName() + " finished").isFalse();
        }
        Object[] collected = new Object[CALLERS];
        for (int i = 0; i < CALLERS; i++) {
            collected[i] = results.get(i);
        }
        return collected;
    }

    /**
     * Waits until every caller is parked. Each has passed the {@code calling} latch, so a parked caller is waiting
     * inside getCredential for the shared fetch; one that is about to call is RUNNABLE, one contending for a map bin
     * BLOCKED.
     */
    private static void awaitAllParked(List<Thread> callers) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!callers.stream().allMatch(t -> t.getState() == Thread.State.WAITING)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("callers did not all wait for the shared fetch");
            }
            Thread.onSpinWait();
        }
    }
}
