package dev.authpipe.vault;

/**
 * A value or keyset could not be sealed or opened. Fails closed: callers never get a partial or
 * unauthenticated plaintext. Messages never contain key material or plaintext.
 */
public class VaultException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VaultException(String message) {
        super(message);
    }

    public VaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
