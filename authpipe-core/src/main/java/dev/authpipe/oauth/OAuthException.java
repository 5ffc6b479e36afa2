package dev.authpipe.oauth;

/**
 * The provider answered a token request with an OAuth error (RFC 6749 §5.2), or a response that
 * is not a valid token response. The provider's {@code error_description} is deliberately not
 * kept: it is provider text and may quote request values.
 */
public final class OAuthException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String error;
    private final int status;

    public OAuthException(String error, int status, String message) {
        super(message);
        this.error = error;
        this.status = status;
    }

    /** The RFC 6749 error code, e.g. {@code invalid_grant}. */
    public String error() {
        return error;
    }

    public int status() {
        return status;
    }

    /**
     * RFC 6749 §5.2: {@code invalid_grant} means the code or refresh token is invalid, expired,
     * revoked or issued to another client; {@code invalid_client} means the client credentials no
     * longer work. Retrying either cannot succeed: the user or admin must reconnect.
     */
    public boolean isTerminal() {
        return "invalid_grant".equals(error) || "invalid_client".equals(error) || "unauthorized_client".equals(error);
    }
}
