package dev.authpipe.credential;

import java.util.Locale;
import java.util.Optional;

/** Whose credential: the installation's (the admin's grant for the tenant) or one user's. */
public enum CredentialFor {
    INSTALLATION,
    USER;

    /** The API and storage spelling: {@code installation} or {@code user}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CredentialFor> parse(String value) {
        for (CredentialFor c : values()) {
            if (c.wire().equals(value)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
