package dev.authpipe.sdk;

/**
 * A failure to obtain a credential from Authpipe.
 *
 * <p>{@link #code()} is the server's snake_case error code (for example {@code not_installed}), or one the SDK assigns
 * when there is no usable answer: {@code network_error} when the server could not be reached in time (the cause is
 * attached) and {@code unexpected_response} when it answered something that is not Authpipe's JSON. {@link
 * #getMessage()} is the server's human sentence. Neither ever contains the secret key or a token.
 *
 * <p>Codes a caller is expected to act on have their own subclasses: {@link NotInstalled}, {@link NotAuthorized},
 * {@link ReconnectRequired}, {@link ProviderUnavailable} and {@link Unauthorized}. Any other code arrives as this
 * class, so new server codes never break existing callers.
 */
public class AuthpipeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The code of a failure to reach the server in time: refused connection, I/O error or timeout. */
    public static final String NETWORK_ERROR = "network_error";

    /** The code of an answer that is not Authpipe's JSON, or a success that carries no credential. */
    public static final String UNEXPECTED_RESPONSE = "unexpected_response";

    private final String code;
    private final int httpStatus;

    /**
     * @param code the snake_case error code
     * @param message a human sentence, free of secrets
     * @param httpStatus the HTTP status of the server's answer, or 0 when there was none
     */
    public AuthpipeException(String code, String message, int httpStatus) {
        this(code, message, httpStatus, null);
    }

    /**
     * @param code the snake_case error code
     * @param message a human sentence, free of secrets
     * @param httpStatus the HTTP status of the server's answer, or 0 when there was none
     * @param cause the underlying failure, or {@code null}
     */
    public AuthpipeException(String code, String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The snake_case error code, e.g. {@code not_installed} or {@code network_error}. */
    public String code() {
        return code;
    }

    /** The HTTP status of the server's answer, or 0 when no answer arrived. */
    public int httpStatus() {
        return httpStatus;
    }
}
