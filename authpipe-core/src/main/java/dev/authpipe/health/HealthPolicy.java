package dev.authpipe.health;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * Decides a credential's new health from its previous record and the latest probe, and when to
 * check next. Pure apart from the jitter source.
 *
 * <ul>
 *   <li>OK → healthy; next check one interval later, give or take a tenth.
 *   <li>Account missing → account_access_lost; checks continue (access may come back).
 *   <li>Unauthorized (after one refresh attempt, which the checker makes) → revoked; checks stop.
 *   <li>Transient (429, 5xx, timeouts) → a healthy credential stays healthy for the first
 *       {@link #TOLERATED_TRANSIENT_FAILURES} failures in a row, then becomes unknown; the next check
 *       backs off from a minute, doubling, up to the interval, and honours {@code Retry-After}.
 * </ul>
 */
public final class HealthPolicy {
    public static final int TOLERATED_TRANSIENT_FAILURES = 2;
    static final Duration FIRST_RETRY = Duration.ofMinutes(1);

    private final Duration interval;
    private final RandomGenerator random;

    public HealthPolicy(Duration interval, RandomGenerator random) {
        this.interval = interval;
        this.random = random;
    }

    /** The first check of a new credential: anywhere in the first interval, so checks spread out. */
    public Instant firstCheck(Instant now) {
        return now.plusMillis(random.nextLong(interval.toMillis()) + 1);
    }

    public HealthState next(HealthState previous, ProbeResult probe, Instant now) {
        return switch (probe.outcome()) {
            case OK -> new HealthState(previous.key(), Health.HEALTHY, 0, now, null, regular(now));
            case ACCOUNT_MISSING ->
                new HealthState(previous.key(), Health.ACCOUNT_ACCESS_LOST, 0, now, probe.detail(), regular(now));
            case UNAUTHORIZED -> new HealthState(previous.key(), Health.REVOKED, 0, now, probe.detail(), null);
            case TRANSIENT -> transientFailure(previous, probe, now);
        };
    }

    private HealthState transientFailure(HealthState previous, ProbeResult probe, Instant now) {
        int failures = previous.failures() + 1;
        Health health = previous.health() == Health.HEALTHY && failures <= TOLERATED_TRANSIENT_FAILURES
                ? Health.HEALTHY
                : previous.health() == Health.HEALTHY ? Health.UNKNOWN : previous.health();
        Duration wait = FIRST_RETRY;
        for (int i = 1; i < failures && wait.compareTo(interval) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        if (wait.compareTo(interval) > 0) {
            wait = interval;
        }
        if (probe.retryAfter() != null && probe.retryAfter().compareTo(wait) > 0) {
            wait = probe.retryAfter();
        }
        return new HealthState(previous.key(), health, failures, now, probe.detail(), now.plus(wait));
    }

    private Instant regular(Instant now) {
        long tenth = interval.toMillis() / 10;
        return now.plus(interval).minusMillis(tenth).plusMillis(random.nextLong(2 * tenth + 1));
    }
}
