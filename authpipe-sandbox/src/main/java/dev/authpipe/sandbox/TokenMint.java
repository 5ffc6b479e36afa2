package dev.authpipe.sandbox;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes unguessable opaque values. Tokens look like Harvest's v2 tokens, {@code 5001.at.<random>}
 * (harvest.md §1.6); the prefix is cosmetic and nothing may parse it.
 */
final class TokenMint {
    private final SecureRandom random = new SecureRandom();

    String code() {
        return randomPart(24);
    }

    String accessToken(long personId) {
        return personId + ".at." + randomPart(32);
    }

    String refreshToken(long personId) {
        return personId + ".rt." + randomPart(32);
    }

    String grantId() {
        return randomPart(9);
    }

    private String randomPart(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }
}
