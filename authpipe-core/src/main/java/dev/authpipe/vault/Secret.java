package dev.authpipe.vault;

import java.util.Objects;

/**
 * A secret value (token, client secret, verifier) that refuses to print itself.
 *
 * <p>{@link #toString()} is always {@code ***} so a secret that reaches a log line, an exception
 * message or a debugger shows nothing; {@link #reveal()} is the one deliberate way to read it.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "secret value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The plaintext. Call it only where the value must leave the process (HTTP to a provider or caller). */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return "***";
    }
}
