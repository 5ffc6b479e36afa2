package dev.authpipe.sdk;

import dev.authpipe.sdk.internal.JsonReader;
import dev.authpipe.sdk.internal.MalformedJsonException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Reads the success body of {@code GET /v1/credentials}.
 *
 * <p>Tolerant where the server may grow (unknown fields are ignored; absent or null optional fields become null or
 * empty) and strict where a wrong answer would hand out a bad token: a missing or empty {@code credential}, a field of
 * the wrong type or an unreadable {@code expiresAt} is an {@code unexpected_response}. Error messages name fields,
 * never their values.
 */
final class CredentialJson {
    private CredentialJson() {}

    static Credential read(String body, int httpStatus) {
        Object json;
        try {
            json = JsonReader.read(body);
        } catch (MalformedJsonException e) {
            throw unexpected("a body that is not JSON", httpStatus, e);
        }
        if (!(json instanceof Map<?, ?> fields)) {
            throw unexpected("a JSON body that is not an object", httpStatus, null);
        }
        String credential = optionalString(fields, "credential", httpStatus);
        if (credential == null || credential.isEmpty()) {
            throw unexpected("no 'credential' string", httpStatus, null);
        }
        return new Credential(
                credential,
                optionalString(fields, "tokenType", httpStatus),
                expiresAt(fields, httpStatus),
                scopes(fields, httpStatus),
                metadata(fields, httpStatus),
                optionalString(fields, "status", httpStatus));
    }

    private static String optionalString(Map<?, ?> fields, String name, int httpStatus) {
        Object value = fields.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw unexpected("a '" + name + "' that is not a string", httpStatus, null);
    }

    private static Instant expiresAt(Map<?, ?> fields, int httpStatus) {
        String text = optionalString(fields, "expiresAt", httpStatus);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notUtc) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw unexpected("an 'expiresAt' that is not an ISO-8601 instant", httpStatus, e);
            }
        }
    }

    private static List<String> scopes(Map<?, ?> fields, int httpStatus) {
        Object value = fields.get("scopes");
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> elements)) {
            throw unexpected("'scopes' that are not an array", httpStatus, null);
        }
        List<String> scopes = new ArrayList<>(elements.size());
        for (Object element : elements) {
            if (!(element instanceof String scope)) {
                throw unexpected("a scope that is not a string", httpStatus, null);
            }
            scopes.add(scope);
        }
        return Collections.unmodifiableList(scopes);
    }

    @SuppressWarnings("unchecked") // JsonReader builds every object as an unmodifiable Map<String, Object>.
    private static Map<String, Object> metadata(Map<?, ?> fields, int httpStatus) {
        Object value = fields.get("metadata");
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map)) {
            throw unexpected("'metadata' that is not an object", httpStatus, null);
        }
        return (Map<String, Object>) value;
    }

    private static AuthpipeException unexpected(String what, int httpStatus, Throwable cause) {
        return new AuthpipeException(
                AuthpipeException.UNEXPECTED_RESPONSE,
                "Authpipe answered HTTP " + httpStatus + " with " + what,
                httpStatus,
                cause);
    }
}
