package dev.authpipe.credential;

/**
 * A request the broker refuses, with a stable snake_case code (the API's {@code error.code}), a
 * kind that decides the HTTP status, and a human sentence. Messages never contain secrets.
 */
public final class BrokerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of refusal, independent of transport. */
    public enum Kind {
        INVALID,
        UNAUTHORIZED,
        FORBIDDEN,
        NOT_FOUND,
        CONFLICT,
        UNAVAILABLE
    }

    private final String code;
    private final Kind kind;

    public BrokerException(Kind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public static BrokerException invalid(String code, String message) {
        return new BrokerException(Kind.INVALID, code, message);
    }

    public static BrokerException notFound(String code, String message) {
        return new BrokerException(Kind.NOT_FOUND, code, message);
    }

    public static BrokerException conflict(String code, String message) {
        return new BrokerException(Kind.CONFLICT, code, message);
    }

    public static BrokerException unavailable(String code, String message) {
        return new BrokerException(Kind.UNAVAILABLE, code, message);
    }

    public String code() {
        return code;
    }

    public Kind kind() {
        return kind;
    }
}
