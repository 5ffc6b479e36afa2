package dev.authpipe.store;

/** A database operation failed. The message names the operation, never a value. */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
