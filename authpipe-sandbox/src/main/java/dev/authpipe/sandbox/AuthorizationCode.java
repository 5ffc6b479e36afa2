package dev.authpipe.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A code issued by consent, waiting to be exchanged. It remembers everything the token request must
 * match: the client, the effective redirect URI and the PKCE challenge (null when none was sent).
 */
record AuthorizationCode(
        String value,
        String clientId,
        String redirectUri,
        long personId,
        List<Long> accountIds,
        Pkce pkce,
        Instant issuedAt) {

    /** Codes are short-lived (harvest.md §1.15.2); ten minutes is RFC 6749 §4.1.2's recommended maximum. */
    static final Duration LIFETIME = Duration.ofMinutes(10);

    AuthorizationCode {
        accountIds = List.copyOf(accountIds);
    }

    boolean expiredAt(Instant now) {
        return !now.isBefore(issuedAt.plus(LIFETIME));
    }
}
