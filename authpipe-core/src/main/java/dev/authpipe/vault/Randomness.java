package dev.authpipe.vault;

import java.security.SecureRandom;
import java.util.Base64;

/** The one source of randomness for keys, tokens, states and verifiers. */
public final class Randomness {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Randomness() {}

    public static SecureRandom secure() {
        return RANDOM;
    }

    /** {@code bytes} random bytes as unpadded base64url, e.g. 32 bytes = 256 bits = 43 characters. */
    public static String token(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
