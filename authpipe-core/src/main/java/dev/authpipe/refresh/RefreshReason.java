package dev.authpipe.refresh;

import java.util.Locale;

/** Why a credential is or is not refreshed now. Flows into logs, metrics and the API. */
public enum RefreshReason {
    /** Valid for longer than needed. */
    FRESH,
    /** Still valid, but not for as long as needed. */
    EXPIRING_SOON,
    /** Past its expiry. */
    EXPIRED,
    /** The provider reported no expiry. */
    NO_EXPIRY,
    /** The provider reported no expiry; the refresh token is used on the keep-alive schedule. */
    KEEP_ALIVE,
    /** Needs a refresh but a transient failure asked to wait ({@code Retry-After}, back-off). */
    BACKING_OFF,
    /** Needs a refresh but has no refresh token: only a reconnect helps. */
    NO_REFRESH_TOKEN,
    /** The grant was refused by the provider. */
    REVOKED,
    /** A refresh was requested explicitly. */
    FORCED,
    /** The scheduler found it due. */
    SCHEDULED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
