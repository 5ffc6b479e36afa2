package dev.authpipe.sandbox;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * A PKCE challenge remembered with an authorization code (RFC 7636). Harvest does not document PKCE
 * (harvest.md §1.11): the sandbox accepts the parameters and verifies the verifier when one is sent.
 */
record Pkce(String challenge, String method) {
    static final String S256 = "S256";
    static final String PLAIN = "plain";

    /**
     * The challenge from authorize parameters, empty when none was sent. A missing method means
     * {@code plain} (RFC 7636 §4.3); an unknown method throws {@link IllegalArgumentException}.
     */
    static Optional<Pkce> from(String challenge, String method) {
        if (challenge == null || challenge.isEmpty()) {
            return Optional.empty();
        }
        String effective = method == null || method.isEmpty() ? PLAIN : method;
        if (!S256.equals(effective) && !PLAIN.equals(effective)) {
            throw new IllegalArgumentException("unsupported code_challenge_method " + method);
        }
        return Optional.of(new Pkce(challenge, effective));
    }

    /** RFC 7636 §4.6: S256 compares BASE64URL(SHA-256(ASCII(verifier))), unpadded, with the challenge. */
    boolean verifies(String verifier) {
        String derived = S256.equals(method) ? s256(verifier) : verifier;
        return MessageDigest.isEqual(derived.getBytes(US_ASCII), challenge.getBytes(US_ASCII));
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
