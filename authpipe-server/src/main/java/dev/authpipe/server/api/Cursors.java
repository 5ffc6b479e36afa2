package dev.authpipe.server.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque paging cursors: the position of the last item of a page (its sort key fields joined by a
 * newline), base64url-encoded. Clients pass {@code nextCursor} back unchanged.
 */
final class Cursors {
    private Cursors() {}

    static String encode(String... parts) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(String.join("\n", parts).getBytes(StandardCharsets.UTF_8));
    }

    /** The parts of a cursor, exactly {@code count} of them, or {@code invalid_request} naming {@code field}. */
    static String[] decode(String cursor, int count, String field) {
        try {
            String[] parts =
                    new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", count);
            if (parts.length == count) {
                return parts;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw ApiError.invalid(field, field + " is not valid; pass the nextCursor of a previous page.");
    }
}
