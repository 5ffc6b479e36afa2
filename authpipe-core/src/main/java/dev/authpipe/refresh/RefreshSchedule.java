package dev.authpipe.refresh;

import dev.authpipe.credential.Credential;
import dev.authpipe.credential.CredentialStatus;
import dev.authpipe.credential.RefreshState;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * When each credential is refreshed next, and how long to wait after a failure. Pure apart from
 * the jitter source, which tests seed.
 *
 * <ul>
 *   <li>A token with an expiry is refreshed {@code lead} before it, where lead is the configured
 *       one, else the provider's default, else ten minutes, and never more than half the token's
 *       lifetime; up to a tenth of the lead earlier, at random, so tokens issued together do not
 *       all refresh in the same second.
 *   <li>A token without expiry but with a refresh token is refreshed every {@code keepAlive}, so
 *       the refresh token is used before any idle lifetime lapses.
 *   <li>Without a refresh token, or once revoked, nothing is scheduled: the credential shows why.
 *   <li>After a transient failure the next attempt waits {@code base * 2^(failures-1)}, capped,
 *       with up to half of it removed at random, and never less than the provider's
 *       {@code Retry-After}.
 * </ul>
 */
public final class RefreshSchedule {
    private final RefreshSettings settings;
    private final Function<String, Duration> providerLead;
    private final RandomGenerator random;

    /** @param providerLead the provider's default lead by provider id, or null */
    public RefreshSchedule(RefreshSettings settings, Function<String, Duration> providerLead, RandomGenerator random) {
        this.settings = settings;
        this.providerLead = providerLead;
        this.random = random;
    }

    public RefreshSettings settings() {
        return settings;
    }

    /** How long before expiry this credential is refreshed. */
    public Duration lead(Credential c) {
        Duration lead = settings.lead();
        if (lead == null) {
            lead = providerLead.apply(c.key().provider());
        }
        if (lead == null) {
            lead = RefreshSettings.DEFAULT_LEAD;
        }
        if (c.expiresAt() != null) {
            Duration lifetime = Duration.between(c.issuedAt(), c.expiresAt());
            if (!lifetime.isNegative() && lifetime.dividedBy(2).compareTo(lead) < 0) {
                lead = lifetime.dividedBy(2);
            }
        }
        return lead;
    }

    /** The next scheduled refresh of a credential that has just been stored or refreshed, or null. */
    public Instant nextRefreshAt(Credential c) {
        if (c.status() == CredentialStatus.REVOKED || !c.hasRefreshToken()) {
            return null;
        }
        if (c.expiresAt() == null) {
            Duration keepAlive = settings.keepAlive();
            return c.issuedAt().plus(keepAlive).minus(jitter(keepAlive.dividedBy(10)));
        }
        Duration lead = lead(c);
        return c.expiresAt().minus(lead).minus(jitter(lead.dividedBy(10)));
    }

    /** The credential with a fresh schedule and no failures. */
    public Credential scheduled(Credential c) {
        return c.withRefresh(new RefreshState(nextRefreshAt(c), 0, null, null));
    }

    /** The credential after its {@code failures}-th transient failure in a row. */
    public Credential backedOff(Credential c, Instant now, Duration retryAfter, String error) {
        int failures = c.refresh().failures() + 1;
        Instant retryAt = now.plus(backoff(failures, retryAfter));
        return c.withRefresh(new RefreshState(retryAt, failures, retryAt, error));
    }

    /** The delay before the next attempt after {@code failures} failures in a row. */
    public Duration backoff(int failures, Duration retryAfter) {
        Duration cap = settings.backoffCap();
        Duration exponential =
                settings.backoffBase().isZero() || settings.backoffBase().isNegative()
                        ? Duration.ofMillis(1)
                        : settings.backoffBase();
        for (int i = 1; i < failures && exponential.compareTo(cap) < 0; i++) {
            exponential = exponential.multipliedBy(2);
        }
        if (exponential.compareTo(cap) > 0) {
            exponential = cap;
        }
        Duration delay = exponential.minus(jitter(exponential.dividedBy(2)));
        return retryAfter != null && retryAfter.compareTo(delay) > 0 ? retryAfter : delay;
    }

    private Duration jitter(Duration bound) {
        long millis = bound.toMillis();
        return millis <= 0 ? Duration.ZERO : Duration.ofMillis(random.nextLong(millis + 1));
    }
}
