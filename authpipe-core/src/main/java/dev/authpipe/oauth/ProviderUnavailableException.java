package dev.authpipe.oauth;

import java.time.Duration;
import java.util.Optional;

/**
 * The provider could not be reached or answered with a transient failure (5xx, 429, timeout).
 * Retrying later may succeed; {@link #retryAfter()} carries the provider's {@code Retry-After}.
 */
public final class ProviderUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Duration retryAfter;

    public ProviderUnavailableException(String message, int status, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
