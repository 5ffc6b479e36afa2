package dev.authpipe.refresh;

import dev.authpipe.credential.Credential;
import dev.authpipe.credential.CredentialStatus;
import java.time.Duration;
import java.time.Instant;

/** Decides, without side effects, whether a credential must be refreshed to be valid for {@code needed}. */
public final class RefreshPolicy {
    private RefreshPolicy() {}

    public static RefreshDecision decide(Credential c, Instant now, Duration needed) {
        if (c.status() == CredentialStatus.REVOKED) {
            return new RefreshDecision(false, RefreshReason.REVOKED);
        }
        if (c.expiresAt() == null) {
            return new RefreshDecision(false, RefreshReason.NO_EXPIRY);
        }
        if (c.validFor(now, needed)) {
            return new RefreshDecision(false, RefreshReason.FRESH);
        }
        if (!c.hasRefreshToken()) {
            return new RefreshDecision(false, RefreshReason.NO_REFRESH_TOKEN);
        }
        if (c.refresh().backingOff(now)) {
            return new RefreshDecision(false, RefreshReason.BACKING_OFF);
        }
        return new RefreshDecision(
                true, now.isBefore(c.expiresAt()) ? RefreshReason.EXPIRING_SOON : RefreshReason.EXPIRED);
    }
}
