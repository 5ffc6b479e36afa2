package dev.authpipe.server.api;

import dev.authpipe.credential.BrokerException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into {@code {"error":{"code","message"}}} with a fitting status. Unexpected
 * exceptions become a 500 with a reference id; the exception is logged with that id, never sent.
 */
public final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {}

    public static void write(Context ctx, int status, String code, String message, String field) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        if (field != null) {
            error.put("field", field);
        }
        ctx.status(status).json(Map.of("error", error));
    }

    public static void apiError(ApiError e, Context ctx) {
        write(ctx, e.status(), e.code(), e.getMessage(), e.field());
    }

    public static void broker(BrokerException e, Context ctx) {
        int status = switch (e.kind()) {
            case INVALID -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
        };
        write(ctx, status, e.code(), e.getMessage(), null);
    }

    /** Javalin's own responses (no route, wrong method, body too large, ...). */
    public static void http(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        String code = switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 400 -> "invalid_request";
            default -> status >= 500 ? "internal_error" : "invalid_request";
        };
        String message = switch (status) {
            case 404 -> "There is no such endpoint; see /openapi.json.";
            case 405 -> "This endpoint does not accept " + ctx.method() + ".";
            case 413 -> "The request body is too large.";
            default -> "The request could not be handled (HTTP " + status + ").";
        };
        write(ctx, status, code, message, null);
    }

    public static void unexpected(Exception e, Context ctx) {
        String reference = dev.authpipe.vault.Randomness.token(6);
        LOG.error("unexpected failure, reference {}", reference, e);
        write(ctx, 500, "internal_error", "Something went wrong on the server (reference " + reference + ").", null);
    }
}
