package dev.authpipe.sdk;

/**
 * The tenant has no installation of the provider ({@code not_installed}, normally HTTP 404).
 *
 * <p>An admin of the tenant has to install the app first, through a connect session.
 */
public final class NotInstalled extends AuthpipeException {
    private static final long serialVersionUID = 1L;

    /** The error code the server sends for this condition. */
    public static final String CODE = "not_installed";

    /**
     * @param message the server's human sentence
     * @param httpStatus the HTTP status of the server's answer
     */
    public NotInstalled(String message, int httpStatus) {
        super(CODE, message, httpStatus);
    }
}
