package dev.authpipe.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request body read strictly: it must be one JSON object of bounded size, every field must be
 * known, and each accessor checks the field's type. Errors name the field and never quote a value.
 */
final class JsonBody {
    static final int MAX_BYTES = 64 * 1024;

    private final ObjectNode node;

    private JsonBody(ObjectNode node) {
        this.node = node;
    }

    /** Reads the body and refuses any field not in {@code allowed}. */
    static JsonBody read(Context ctx, Set<String> allowed) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length > MAX_BYTES) {
            throw new ApiError(
                    413, "payload_too_large", "The request body is larger than " + MAX_BYTES + " bytes.", null);
        }
        if (bytes.length == 0) {
            throw new ApiError(400, "invalid_json", "The request body must be a JSON object.", null);
        }
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ApiError(
                    400,
                    "invalid_json",
                    "The request body is not valid JSON"
                            + (e.getLocation() == null
                                    ? "."
                                    : " (line " + e.getLocation().getLineNr() + ", column "
                                            + e.getLocation().getColumnNr() + ")."),
                    null);
        } catch (java.io.IOException e) {
            throw new ApiError(400, "invalid_json", "The request body could not be read.", null);
        }
        if (parsed == null || !parsed.isObject()) {
            throw new ApiError(400, "invalid_json", "The request body must be a JSON object.", null);
        }
        for (Iterator<String> names = parsed.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiError.invalid(
                        name,
                        "Unknown field '" + Params.printable(name) + "'; allowed fields: "
                                + String.join(", ", allowed.stream().sorted().toList()) + ".");
            }
        }
        return new JsonBody((ObjectNode) parsed);
    }

    String requiredString(String name, int maxLength) {
        String value = optionalString(name, maxLength);
        if (value == null) {
            throw ApiError.invalid(name, name + " is required.");
        }
        return value;
    }

    /** A string field, or null when absent or JSON null. Empty strings and control characters are refused. */
    String optionalString(String name, int maxLength) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiError.invalid(name, name + " must be a string.");
        }
        String s = v.textValue();
        if (s.isEmpty()) {
            throw ApiError.invalid(name, name + " must not be empty.");
        }
        if (s.length() > maxLength) {
            throw ApiError.invalid(name, name + " must be at most " + maxLength + " characters.");
        }
        if (s.chars().anyMatch(Character::isISOControl)) {
            throw ApiError.invalid(name, name + " must not contain control characters.");
        }
        return s;
    }

    /** A list of strings, or null when absent. */
    List<String> optionalStrings(String name, int maxItems, int maxLength) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw ApiError.invalid(name, name + " must be an array of strings.");
        }
        if (v.size() > maxItems) {
            throw ApiError.invalid(name, name + " may have at most " + maxItems + " items.");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()
                    || item.textValue().isEmpty()
                    || item.textValue().length() > maxLength
                    || item.textValue().chars().anyMatch(Character::isISOControl)) {
                throw ApiError.invalid(
                        name,
                        name + " must contain non-empty strings of at most " + maxLength + " printable characters.");
            }
            out.add(item.textValue());
        }
        return out;
    }

    /** An object of string values, or null when absent. */
    Map<String, String> optionalStringMap(String name, int maxEntries, int maxLength) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw ApiError.invalid(name, name + " must be an object of strings.");
        }
        if (v.size() > maxEntries) {
            throw ApiError.invalid(name, name + " may have at most " + maxEntries + " entries.");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            JsonNode item = e.getValue();
            if (!item.isTextual()
                    || item.textValue().length() > maxLength
                    || item.textValue().chars().anyMatch(Character::isISOControl)) {
                throw ApiError.invalid(
                        name + "." + Params.printable(e.getKey()),
                        name + "." + Params.printable(e.getKey()) + " must be a string of at most " + maxLength
                                + " printable characters.");
            }
            out.put(e.getKey(), item.textValue());
        }
        return out;
    }

    /** A JSON object as plain Java values, or null when absent. */
    Map<String, Object> optionalObject(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw ApiError.invalid(name, name + " must be an object.");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = Json.MAPPER.convertValue(v, Map.class);
        return map;
    }

    /** An ISO-8601 instant, or null when absent. */
    Instant optionalInstant(String name) {
        String s = optionalString(name, 64);
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw ApiError.invalid(name, name + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z.");
        }
    }

    boolean has(String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }
}
