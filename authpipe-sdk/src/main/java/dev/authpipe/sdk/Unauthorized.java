package dev.authpipe.sdk;

/**
 * Authpipe rejected the secret key: code {@code unauthorized}, or any HTTP 401.
 *
 * <p>The key is wrong, revoked, or belongs to another server. Retrying with the same key will not help.
 */
public final class Unauthorized extends AuthpipeException {
    private static final long serialVersionUID = 1L;

    /** The error code the server normally sends for this condition. */
    public static final String CODE = "unauthorized";

    /**
     * @param code the server's error code; {@link #CODE} unless a 401 came with another one
     * @param message the server's human sentence
     * @param httpStatus the HTTP status of the server's answer
     */
    public Unauthorized(String code, String message, int httpStatus) {
        super(code, message, httpStatus);
    }
}
