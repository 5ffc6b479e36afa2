package dev.authpipe.provider;

import java.time.Duration;

/**
 * Refresh facts for a provider.
 *
 * @param defaultLead how long before expiry to refresh when {@code AUTHPIPE_REFRESH_LEAD} is not
 *     set (always capped at half the token's lifetime)
 */
public record RefreshSpec(Duration defaultLead) {
    public static final RefreshSpec DEFAULT = new RefreshSpec(null);
}
