package dev.authpipe.sdk.internal;

/**
 * Thrown by {@link JsonReader} for input that is not a single RFC 8259 JSON text.
 *
 * <p>The message names the offset and what was expected there, never the input itself: a body that fails to parse may
 * still hold an access token.
 */
public final class MalformedJsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int offset;

    MalformedJsonException(int offset, String expected) {
        super("Malformed JSON at offset " + offset + ": expected " + expected);
        this.offset = offset;
    }

    /** The index in the input at which reading failed. */
    public int offset() {
        return offset;
    }
}
