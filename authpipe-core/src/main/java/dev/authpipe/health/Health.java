package dev.authpipe.health;

import java.util.Locale;

/** What the last checks say about a credential. */
public enum Health {
    /** The provider accepts the token and it reaches its accounts. */
    HEALTHY,
    /** Repeated transient failures (429, 5xx, timeouts): the provider cannot tell us now. */
    UNKNOWN,
    /** The provider refuses the grant: a reconnect is needed. */
    REVOKED,
    /** The token works but no longer reaches the installation's account (removed user, lost access). */
    ACCOUNT_ACCESS_LOST;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Health parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
