package dev.authpipe.credential;

import java.util.Locale;
import java.util.Optional;

/**
 * The lifecycle of a stored credential.
 *
 * <ul>
 *   <li>{@code ACTIVE}: usable, refreshed as needed.
 *   <li>{@code EXPIRED}: the token expired and could not be refreshed yet (provider unreachable);
 *       a later successful refresh makes it active again.
 *   <li>{@code REVOKED}: the provider refused the grant ({@code invalid_grant}); only a new
 *       authorization (reconnect) helps.
 * </ul>
 */
public enum CredentialStatus {
    ACTIVE,
    EXPIRED,
    REVOKED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CredentialStatus> parse(String value) {
        for (CredentialStatus s : values()) {
            if (s.wire().equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
