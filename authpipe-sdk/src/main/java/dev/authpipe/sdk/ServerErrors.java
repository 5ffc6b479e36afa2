package dev.authpipe.sdk;

import dev.authpipe.sdk.internal.JsonReader;
import dev.authpipe.sdk.internal.MalformedJsonException;
import java.util.Map;

/**
 * Turns an error answer of the Authpipe server into the matching {@link AuthpipeException}.
 *
 * <p>The server answers {@code {"error": {"code": "snake_case", "message": "human sentence", ...}}}. The code selects
 * the type; any 401 is {@link Unauthorized} whatever its body, because it always means the secret key was refused
 * (possibly by a proxy in front of the server). Any other body is an {@code unexpected_response}, reported with the
 * status only: a body we cannot read is never echoed into a message.
 */
final class ServerErrors {
    private static final String REDACTED = "***";

    private ServerErrors() {}

    /**
     * @param secretKey removed from the server's message should it ever appear there; the server must never send it,
     *     and the SDK's messages must never carry it even if it does
     */
    static AuthpipeException toException(int httpStatus, String body, String secretKey) {
        Map<?, ?> error = errorObject(body);
        Object codeValue = error == null ? null : error.get("code");
        if (!(codeValue instanceof String code) || code.isEmpty()) {
            if (httpStatus == 401) {
                return new Unauthorized(Unauthorized.CODE, "Authpipe refused the secret key (HTTP 401)", httpStatus);
            }
            return new AuthpipeException(
                    AuthpipeException.UNEXPECTED_RESPONSE,
                    "Authpipe answered HTTP " + httpStatus + " without an Authpipe error body",
                    httpStatus);
        }
        Object serverMessage = error.get("message");
        String message = serverMessage instanceof String text && !text.isBlank()
                ? redact(text, secretKey)
                : "Authpipe answered HTTP " + httpStatus + " (" + code + ")";
        return typed(code, message, httpStatus);
    }

    private static AuthpipeException typed(String code, String message, int httpStatus) {
        if (httpStatus == 401) {
            return new Unauthorized(code, message, httpStatus);
        }
        return switch (code) {
            case NotInstalled.CODE -> new NotInstalled(message, httpStatus);
            case NotAuthorized.CODE -> new NotAuthorized(message, httpStatus);
            case ReconnectRequired.CODE -> new ReconnectRequired(message, httpStatus);
            case ProviderUnavailable.CODE -> new ProviderUnavailable(message, httpStatus);
            case Unauthorized.CODE -> new Unauthorized(code, message, httpStatus);
            default -> new AuthpipeException(code, message, httpStatus);
        };
    }

    private static Map<?, ?> errorObject(String body) {
        Object json;
        try {
            json = JsonReader.read(body);
        } catch (MalformedJsonException notJson) {
            return null;
        }
        Object error = json instanceof Map<?, ?> document ? document.get("error") : null;
        return error instanceof Map<?, ?> fields ? fields : null;
    }

    private static String redact(String message, String secretKey) {
        return message.contains(secretKey) ? message.replace(secretKey, REDACTED) : message;
    }
}
