package dev.authpipe.sdk;

/**
 * The user has not authorized the provider inside the tenant's installation ({@code not_authorized}, normally HTTP
 * 404).
 *
 * <p>The user has to go through the connect flow; the installation itself may be fine.
 */
public final class NotAuthorized extends AuthpipeException {
    private static final long serialVersionUID = 1L;

    /** The error code the server sends for this condition. */
    public static final String CODE = "not_authorized";

    /**
     * @param message the server's human sentence
     * @param httpStatus the HTTP status of the server's answer
     */
    public NotAuthorized(String message, int httpStatus) {
        super(CODE, message, httpStatus);
    }
}
