package dev.authpipe.credential;

import dev.authpipe.vault.Randomness;

/**
 * Identifiers: Authpipe's own (random, prefixed by kind) and the rules for ids that projects
 * choose (tenant and user ids).
 */
public final class Ids {
    public static final int MAX_EXTERNAL_ID_LENGTH = 128;

    private Ids() {}

    /** A new random id such as {@code prj_3kV9...}: the kind, then 120 random bits. */
    public static String newId(String kind) {
        return kind + "_" + Randomness.token(15);
    }

    /**
     * Why {@code value} is not acceptable as a tenant or user id, or null if it is. Ids are 1 to 128
     * characters with no whitespace, control or formatting characters and no {@code /} or
     * {@code \}, so they are safe in paths, logs and HTML and cannot be visually spoofed.
     */
    public static String problemWithExternalId(String value) {
        if (value == null || value.isEmpty()) {
            return "must not be empty";
        }
        if (value.codePointCount(0, value.length()) > MAX_EXTERNAL_ID_LENGTH) {
            return "must be at most " + MAX_EXTERNAL_ID_LENGTH + " characters";
        }
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            int type = Character.getType(cp);
            if (Character.isISOControl(cp)
                    || Character.isWhitespace(cp)
                    || Character.isSpaceChar(cp)
                    || type == Character.FORMAT
                    || type == Character.SURROGATE
                    || type == Character.PRIVATE_USE
                    || type == Character.UNASSIGNED) {
                return "must not contain whitespace, control or invisible characters";
            }
            if (cp == '/' || cp == '\\') {
                return "must not contain '/' or '\\'";
            }
            i += Character.charCount(cp);
        }
        return null;
    }
}
