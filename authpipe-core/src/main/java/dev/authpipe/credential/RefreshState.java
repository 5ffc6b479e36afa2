package dev.authpipe.credential;

import java.time.Instant;

/**
 * A credential's refresh bookkeeping.
 *
 * @param nextRefreshAt when the scheduler refreshes it next; null when nothing can be refreshed
 *     (revoked, or no refresh token)
 * @param failures consecutive failed refresh attempts since the last success
 * @param retryAt no attempt before this time after a transient failure (back-off); null when none
 * @param lastError the last refresh failure, a short code and reason without secrets; null after a success
 */
public record RefreshState(Instant nextRefreshAt, int failures, Instant retryAt, String lastError) {
    public static final RefreshState NONE = new RefreshState(null, 0, null, null);

    /** Whether a transient failure forbids another attempt at {@code now}. */
    public boolean backingOff(Instant now) {
        return retryAt != null && now.isBefore(retryAt);
    }
}
