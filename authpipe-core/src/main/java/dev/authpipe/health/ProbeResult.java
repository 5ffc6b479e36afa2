package dev.authpipe.health;

import java.time.Duration;

/**
 * What a provider said to a credential's health-check requests.
 *
 * @param retryAfter the provider's {@code Retry-After}, for transient results, or null
 * @param detail a short description for {@code lastError}, without secrets
 */
public record ProbeResult(Outcome outcome, Duration retryAfter, String detail) {
    /** The classes of answers that matter. */
    public enum Outcome {
        OK,
        UNAUTHORIZED,
        ACCOUNT_MISSING,
        TRANSIENT
    }

    public static ProbeResult ok() {
        return new ProbeResult(Outcome.OK, null, null);
    }
}
