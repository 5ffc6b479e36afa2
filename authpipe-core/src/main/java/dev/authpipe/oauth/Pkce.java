package dev.authpipe.oauth;

import dev.authpipe.vault.Digests;
import dev.authpipe.vault.Randomness;
import dev.authpipe.vault.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A PKCE pair (RFC 7636). The verifier is 32 random bytes as base64url: 43 characters from the
 * unreserved set (§4.1); the challenge is BASE64URL(SHA-256(verifier)) without padding (§4.2).
 */
public record Pkce(Secret verifier, String challenge) {
    public static final String METHOD = "S256";

    public static Pkce generate() {
        Secret verifier = Secret.of(Randomness.token(32));
        return new Pkce(verifier, challengeOf(verifier.reveal()));
    }

    public static String challengeOf(String verifier) {
        byte[] digest = Digests.sha256(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }
}
