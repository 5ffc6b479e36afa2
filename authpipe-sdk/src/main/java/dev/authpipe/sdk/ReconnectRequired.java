package dev.authpipe.sdk;

/**
 * The credential was revoked or cannot be refreshed any more ({@code reconnect_required}, normally HTTP 409).
 *
 * <p>Retrying will not help: the tenant admin or the user has to connect again.
 */
public final class ReconnectRequired extends AuthpipeException {
    private static final long serialVersionUID = 1L;

    /** The error code the server sends for this condition. */
    public static final String CODE = "reconnect_required";

    /**
     * @param message the server's human sentence
     * @param httpStatus the HTTP status of the server's answer
     */
    public ReconnectRequired(String message, int httpStatus) {
        super(CODE, message, httpStatus);
    }
}
