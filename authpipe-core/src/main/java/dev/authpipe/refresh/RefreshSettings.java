package dev.authpipe.refresh;

import java.time.Duration;

/**
 * How the refresh engine behaves.
 *
 * @param lead refresh this long before expiry ({@code AUTHPIPE_REFRESH_LEAD}); null for the
 *     provider's default, else {@link #DEFAULT_LEAD}; always capped at half the token's lifetime
 * @param keepAlive how often a credential whose token reports no expiry is refreshed anyway, so
 *     that a refresh token that lapses when idle never does
 * @param leaseTtl how long a refresh lease lasts without renewal; the holder renews it while the
 *     provider is slow, so it expires only when its holder has died
 * @param backoffBase the first retry delay after a transient failure; doubling per failure
 * @param backoffCap the longest retry delay
 */
public record RefreshSettings(
        Duration lead, Duration keepAlive, Duration leaseTtl, Duration backoffBase, Duration backoffCap) {
    public static final Duration DEFAULT_LEAD = Duration.ofMinutes(10);

    public static RefreshSettings defaults() {
        return new RefreshSettings(
                null, Duration.ofDays(7), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofHours(1));
    }

    public RefreshSettings withLead(Duration newLead) {
        return new RefreshSettings(newLead, keepAlive, leaseTtl, backoffBase, backoffCap);
    }

    public RefreshSettings withLeaseTtl(Duration ttl) {
        return new RefreshSettings(lead, keepAlive, ttl, backoffBase, backoffCap);
    }
}
