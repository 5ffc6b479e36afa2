package dev.authpipe.vault;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A sealed (encrypted and bound) value as stored. The text form is {@code v1.<base64url>}: the
 * version prefix lets the format change later without guessing; the Tink ciphertext inside names
 * the key that made it, so rotated keysets still open old values.
 */
public final class Sealed {
    private static final String PREFIX = "v1.";
    private final byte[] ciphertext;

    private Sealed(byte[] ciphertext) {
        this.ciphertext = ciphertext;
    }

    static Sealed of(byte[] ciphertext) {
        return new Sealed(ciphertext.clone());
    }

    byte[] ciphertext() {
        return ciphertext.clone();
    }

    public String toText() {
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(ciphertext);
    }

    /** Parses the text form; a value with an unknown version or bad encoding is refused. */
    public static Sealed fromText(String text) {
        Objects.requireNonNull(text, "sealed text");
        if (!text.startsWith(PREFIX)) {
            throw new VaultException("sealed value has an unknown format version");
        }
        try {
            return new Sealed(Base64.getUrlDecoder().decode(text.substring(PREFIX.length())));
        } catch (IllegalArgumentException e) {
            throw new VaultException("sealed value is not valid base64url");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sealed other && Arrays.equals(ciphertext, other.ciphertext);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "Sealed[" + ciphertext.length + " bytes]";
    }
}
