package dev.authpipe.sdk;

/**
 * The token had to be refreshed but the provider could not be reached ({@code provider_unavailable}, normally HTTP
 * 503).
 *
 * <p>Transient: retry later, with backoff.
 */
public final class ProviderUnavailable extends AuthpipeException {
    private static final long serialVersionUID = 1L;

    /** The error code the server sends for this condition. */
    public static final String CODE = "provider_unavailable";

    /**
     * @param message the server's human sentence
     * @param httpStatus the HTTP status of the server's answer
     */
    public ProviderUnavailable(String message, int httpStatus) {
        super(CODE, message, httpStatus);
    }
}
