package dev.authpipe.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** JSON in and out, through one shared (thread-safe) mapper. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /**
     * Reads a JSON object body as request parameters, the way Harvest accepts JSON token requests
     * (harvest.md §1.6): each top-level field becomes one parameter, strings as themselves and other
     * values as their JSON text. Empty when the body is not a JSON object.
     */
    static Optional<Map<String, List<String>>> parameters(String body) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        root.properties().forEach(field -> {
            JsonNode value = field.getValue();
            if (!value.isNull()) {
                List<String> values = new ArrayList<>();
                values.add(value.isTextual() ? value.asText() : value.toString());
                params.put(field.getKey(), values);
            }
        });
        return Optional.of(params);
    }
}
