package dev.authpipe.credential;

import dev.authpipe.vault.Digests;
import dev.authpipe.vault.Randomness;

/**
 * Project secret keys: {@code sk_} and 256 random bits. Stored only as SHA-256 hashes: the key
 * has full entropy, so a fast hash is enough (there is nothing to brute-force), and lookup by
 * hash never compares secrets byte by byte.
 */
public final class SecretKeys {
    public static final String PREFIX = "sk_";

    private SecretKeys() {}

    public static String generate() {
        return PREFIX + Randomness.token(32);
    }

    public static String hash(String key) {
        return Digests.sha256Hex(key);
    }

    /** A recognisable, non-secret part of the key for listings and logs: {@code sk_AbCd…}. */
    public static String displayPrefix(String key) {
        return key.substring(0, Math.min(key.length(), PREFIX.length() + 4)) + "…";
    }
}
