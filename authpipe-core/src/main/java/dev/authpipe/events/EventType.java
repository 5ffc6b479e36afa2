package dev.authpipe.events;

import java.util.Optional;

/** The event types of the public contract (PRODUCT.md §2.2). */
public enum EventType {
    INSTALLATION_CREATED("installation.created"),
    USER_AUTHORIZED("user.authorized"),
    CREDENTIAL_REFRESHED("credential.refreshed"),
    CREDENTIAL_REFRESH_FAILED("credential.refresh_failed"),
    CREDENTIAL_REVOKED("credential.revoked"),
    CREDENTIAL_EXPIRED("credential.expired"),
    HEALTH_CHANGED("health.changed"),
    INSTALLATION_DELETED("installation.deleted"),
    USER_DELETED("user.deleted");

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<EventType> parse(String value) {
        for (EventType t : values()) {
            if (t.wire.equals(value)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
