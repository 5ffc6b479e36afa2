package dev.authpipe.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP response, built by an endpoint and written by the {@link Router}. Bodies are UTF-8 text. */
record Reply(int status, Map<String, String> headers, String body) {
    Reply {
        headers = Map.copyOf(headers);
    }

    /** JSON; {@code no-store} because token responses must not be cached (RFC 6749 §5.1). */
    static Reply json(int status, JsonNode body) {
        return new Reply(
                status,
                Map.of("Content-Type", "application/json; charset=utf-8", "Cache-Control", "no-store"),
                Json.write(body));
    }

    /** An OAuth error body, {@code {"error":…,"error_description":…}} (RFC 6749 §5.2, harvest.md §1.9). */
    static Reply oauthError(int status, String error, String description) {
        return json(status, Json.object().put("error", error).put("error_description", description));
    }

    /** An API error body in Harvest's {@code {"message":…}} shape (harvest.md §1.9). */
    static Reply message(int status, String message) {
        return json(status, Json.object().put("message", message));
    }

    static Reply html(int status, String page) {
        return new Reply(status, Html.SECURITY_HEADERS, page).withHeader("Content-Type", "text/html; charset=utf-8");
    }

    static Reply redirect(String location) {
        return new Reply(302, Map.of("Location", location, "Cache-Control", "no-store"), "");
    }

    Reply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, more, body);
    }
}
