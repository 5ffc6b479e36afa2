package dev.authpipe.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.authpipe.credential.CredentialKey;
import dev.authpipe.refresh.InMemoryLeaseStore.Lease;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two nodes' keepers on one store. Renewal is driven by calling {@code renewAll()} after moving
 * the clock; the TTL is long enough that the keepers' own timers (a third of it, in real time)
 * never fire during a test.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LeaseKeeperTest {
    private static final Duration TTL = Duration.ofHours(1);
    private static final Duration MILLI = Duration.ofMillis(1);
    private static final Instant START = Instant.parse("2025-06-01T10:00:00Z");
    private static final CredentialKey KEY = CredentialKey.installation("prj_1", "harvest", "acme");
    private static final CredentialKey USER_KEY = CredentialKey.user("prj_1", "harvest", "acme", "u_1");

    private final MutableClock clock = new MutableClock(START);
    private final InMemoryLeaseStore store = new InMemoryLeaseStore();
    private final LeaseKeeper a = new LeaseKeeper(store, clock, TTL, "node_a");
    private final LeaseKeeper b = new LeaseKeeper(store, clock, TTL, "node_b");

    @AfterEach
    void closeKeepers() {
        a.close();
        b.close();
    }

    @Test
    void onlyOneKeeperAcquiresALease() {
        assertThat(a.acquire(KEY)).isTrue();
        assertThat(b.acquire(KEY)).isFalse();

        assertThat(store.lease(KEY)).contains(new Lease("node_a", START.plus(TTL)));
    }

    @Test
    void theOtherKeeperAcquiresOnceTheLeaseIsReleased() {
        assertThat(a.acquire(KEY)).isTrue();

        a.release(KEY);

        assertThat(store.lease(KEY)).isEmpty();
        assertThat(b.acquire(KEY)).isTrue();
        assertThat(a.acquire(KEY)).isFalse();
    }

    @Test
    void releasingALeaseSomeoneElseHoldsLeavesItHeld() {
        assertThat(a.acquire(KEY)).isTrue();

        b.release(KEY);

        assertThat(b.acquire(KEY)).isFalse();
        assertThat(store.lease(KEY)).map(Lease::owner).contains("node_a");
    }

    @Test
    void aKeeperMayRetakeItsOwnLease() {
        assertThat(a.acquire(KEY)).isTrue();
        clock.advance(Duration.ofMinutes(10));

        assertThat(a.acquire(KEY)).isTrue();

        assertThat(store.lease(KEY))
                .contains(new Lease("node_a", clock.instant().plus(TTL)));
    }

    @Test
    void leasesOfDifferentCredentialsAreIndependent() {
        assertThat(a.acquire(KEY)).isTrue();

        assertThat(b.acquire(USER_KEY)).isTrue();
    }

    @Test
    void anExpiredLeaseCanBeTakenOver() {
        assertThat(a.acquire(KEY)).isTrue();

        clock.advance(TTL);
        assertThat(b.acquire(KEY)).as("live until its last instant").isFalse();

        clock.advance(MILLI);
        assertThat(b.acquire(KEY)).isTrue();
        assertThat(store.lease(KEY))
                .contains(new Lease("node_b", clock.instant().plus(TTL)));
    }

    @Test
    void renewalExtendsTheLeaseBeyondItsOriginalTtl() {
        assertThat(a.acquire(KEY)).isTrue();
        clock.advance(Duration.ofMinutes(40));

        a.renewAll();
        Instant renewedUntil = clock.instant().plus(TTL);
        assertThat(store.lease(KEY)).contains(new Lease("node_a", renewedUntil));

        clock.advance(Duration.ofMinutes(50)); // 90 minutes after acquiring: past the original TTL
        assertThat(b.acquire(KEY)).isFalse();

        clock.advance(Duration.ofMinutes(10).plus(MILLI)); // past the renewed TTL, with no renewal since
        assertThat(b.acquire(KEY)).isTrue();
    }

    @Test
    void renewalExtendsEveryLeaseHeld() {
        assertThat(a.acquire(KEY)).isTrue();
        assertThat(a.acquire(USER_KEY)).isTrue();
        clock.advance(Duration.ofMinutes(30));

        a.renewAll();

        assertThat(store.lease(KEY))
                .contains(new Lease("node_a", clock.instant().plus(TTL)));
        assertThat(store.lease(USER_KEY))
                .contains(new Lease("node_a", clock.instant().plus(TTL)));
    }

    @Test
    void aKeeperWhoseLeaseWasTakenOverStopsRenewingIt() {
        assertThat(a.acquire(KEY)).isTrue();
        clock.advance(TTL.plus(MILLI));
        assertThat(b.acquire(KEY)).isTrue();
        Lease taken = store.lease(KEY).orElseThrow();
        clock.advance(Duration.ofMinutes(5));

        assertThatCode(a::renewAll).doesNotThrowAnyException();
        assertThat(store.lease(KEY)).contains(taken);
        assertThat(store.renewAttempts("node_a")).isEqualTo(1);

        a.renewAll();
        assertThat(store.renewAttempts("node_a")).as("dropped after losing it").isEqualTo(1);

        b.renewAll();
        assertThat(store.lease(KEY))
                .contains(new Lease("node_b", clock.instant().plus(TTL)));
    }

    @Test
    void aLeaseClaimedElsewhereIsRenewedOnceAdopted() {
        assertThat(store.acquireLease(KEY, "node_a", START.plus(TTL), START)).isTrue(); // a scheduler's batch claim
        assertThat(store.acquireLease(USER_KEY, "node_a", START.plus(TTL), START))
                .isTrue();
        a.adopt(KEY);
        clock.advance(Duration.ofMinutes(30));

        a.renewAll();

        assertThat(store.lease(KEY))
                .contains(new Lease("node_a", clock.instant().plus(TTL)));
        assertThat(store.lease(USER_KEY)).as("not adopted").contains(new Lease("node_a", START.plus(TTL)));
    }

    @Test
    void releasedAndForgottenLeasesAreNotRenewed() {
        assertThat(a.acquire(KEY)).isTrue();
        assertThat(a.acquire(USER_KEY)).isTrue();
        a.forget(KEY);
        a.release(USER_KEY);
        clock.advance(Duration.ofMinutes(30));

        a.renewAll();

        assertThat(store.renewAttempts("node_a")).isZero();
        assertThat(store.lease(KEY)).contains(new Lease("node_a", START.plus(TTL)));
        clock.advance(Duration.ofMinutes(30).plus(MILLI));
        assertThat(b.acquire(KEY)).isTrue();
    }

    @Test
    void aFailedRenewalKeepsTheLeaseAndIsRetried() {
        assertThat(a.acquire(KEY)).isTrue();
        clock.advance(Duration.ofMinutes(20));
        store.failRenewals(true);

        assertThatCode(a::renewAll).doesNotThrowAnyException();
        assertThat(store.lease(KEY)).contains(new Lease("node_a", START.plus(TTL)));

        store.failRenewals(false);
        clock.advance(Duration.ofMinutes(20));
        a.renewAll();
        assertThat(store.lease(KEY))
                .contains(new Lease("node_a", clock.instant().plus(TTL)));
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
