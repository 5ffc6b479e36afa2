package dev.authpipe.sdk.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads one JSON text (RFC 8259) into plain JDK values.
 *
 * <p>Objects become unmodifiable {@code Map<String, Object>} in document order (a repeated key keeps its last value),
 * arrays unmodifiable {@code List<Object>}, strings {@code String}, {@code true}/{@code false} {@code Boolean} and
 * {@code null} {@code null}. Integers become {@code Long}, or {@code BigInteger} beyond its range; numbers with a
 * fraction or an exponent become {@code Double}.
 *
 * <p>The reader is strict: no comments, no trailing commas, no single quotes, no unescaped control characters in
 * strings, no leading zeros, nothing after the value but whitespace. Nesting deeper than {@value #MAX_DEPTH} levels is
 * rejected so that hostile input cannot exhaust the stack.
 */
public final class JsonReader {
    static final int MAX_DEPTH = 64;

    private final String text;
    private int pos;
    private int depth;

    private JsonReader(String text) {
        this.text = text;
    }

    /**
     * Parses {@code text} as a single JSON value.
     *
     * @throws MalformedJsonException if {@code text} is not exactly one JSON value surrounded by optional whitespace
     */
    public static Object read(String text) {
        Objects.requireNonNull(text, "text");
        JsonReader reader = new JsonReader(text);
        reader.skipWhitespace();
        Object value = reader.readValue();
        reader.skipWhitespace();
        if (reader.pos != text.length()) {
            throw reader.malformed("end of input");
        }
        return value;
    }

    private Object readValue() {
        if (pos >= text.length()) {
            throw malformed("a value");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> readObject();
            case '[' -> readArray();
            case '"' -> readString();
            case 't' -> readLiteral("true", true);
            case 'f' -> readLiteral("false", false);
            case 'n' -> readLiteral("null", null);
            default -> {
                if (c != '-' && !isDigit(c)) {
                    throw malformed("a value");
                }
                yield readNumber();
            }
        };
    }

    private Map<String, Object> readObject() {
        enterNesting();
        pos++;
        Map<String, Object> members = new LinkedHashMap<>();
        skipWhitespace();
        if (!consume('}')) {
            do {
                skipWhitespace();
                if (!peek('"')) {
                    throw malformed("a string key");
                }
                String key = readString();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                members.put(key, readValue());
                skipWhitespace();
            } while (consume(','));
            expect('}');
        }
        depth--;
        return Collections.unmodifiableMap(members);
    }

    private List<Object> readArray() {
        enterNesting();
        pos++;
        List<Object> elements = new ArrayList<>();
        skipWhitespace();
        if (!consume(']')) {
            do {
                skipWhitespace();
                elements.add(readValue());
                skipWhitespace();
            } while (consume(','));
            expect(']');
        }
        depth--;
        return Collections.unmodifiableList(elements);
    }

    private String readString() {
        pos++;
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            } else if (c == '\\') {
                out.append(readEscape());
            } else if (c < 0x20) {
                pos--;
                throw malformed("a control character to be escaped");
            } else {
                out.append(c);
            }
        }
        throw malformed("a closing quote");
    }

    private char readEscape() {
        if (pos >= text.length()) {
            throw malformed("an escape sequence");
        }
        char c = text.charAt(pos++);
        return switch (c) {
            case '"', '\\', '/' -> c;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> readHexEscape();
            default -> {
                pos--;
                throw malformed("a valid escape character");
            }
        };
    }

    private char readHexEscape() {
        int code = 0;
        for (int i = 0; i < 4; i++) {
            int digit = pos < text.length() ? hexValue(text.charAt(pos)) : -1;
            if (digit < 0) {
                throw malformed("four hex digits");
            }
            code = code * 16 + digit;
            pos++;
        }
        return (char) code;
    }

    private Object readNumber() {
        int start = pos;
        consume('-');
        if (!consume('0')) {
            if (pos >= text.length() || !isDigit(text.charAt(pos))) {
                throw malformed("a digit");
            }
            skipDigits();
        }
        boolean integral = true;
        if (consume('.')) {
            integral = false;
            requireDigits();
        }
        if (consume('e') || consume('E')) {
            integral = false;
            if (!consume('+')) {
                consume('-');
            }
            requireDigits();
        }
        String literal = text.substring(start, pos);
        if (integral) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException tooLarge) {
                return new BigInteger(literal);
            }
        }
        double value = Double.parseDouble(literal);
        if (Double.isInfinite(value)) {
            pos = start;
            throw malformed("a number within the range of a double");
        }
        return value;
    }

    private Object readLiteral(String literal, Object value) {
        if (!text.startsWith(literal, pos)) {
            throw malformed("'" + literal + "'");
        }
        pos += literal.length();
        return value;
    }

    private void requireDigits() {
        if (pos >= text.length() || !isDigit(text.charAt(pos))) {
            throw malformed("a digit");
        }
        skipDigits();
    }

    private void skipDigits() {
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private void enterNesting() {
        if (++depth > MAX_DEPTH) {
            throw malformed("at most " + MAX_DEPTH + " levels of nesting");
        }
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private boolean consume(char c) {
        if (peek(c)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!consume(c)) {
            throw malformed("'" + c + "'");
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        } else if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private MalformedJsonException malformed(String expected) {
        return new MalformedJsonException(pos, expected);
    }
}
