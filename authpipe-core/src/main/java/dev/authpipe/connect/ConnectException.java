package dev.authpipe.connect;

/**
 * Opening a connect URL failed (unknown, used or expired session). Shown to the browser as a
 * page; the message is safe to display.
 */
public final class ConnectException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;

    public ConnectException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
