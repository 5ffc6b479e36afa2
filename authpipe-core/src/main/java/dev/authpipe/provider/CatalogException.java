package dev.authpipe.provider;

/** A provider file is missing, malformed or inconsistent. Names the file and the field. */
public final class CatalogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CatalogException(String message) {
        super(message);
    }

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
