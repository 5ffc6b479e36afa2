package dev.authpipe.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON text columns (lists, string maps, metadata). */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
    private static final TypeReference<Map<String, Object>> OBJECT_MAP = new TypeReference<>() {};

    private Json() {}

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value is not JSON-serialisable", e);
        }
    }

    /**
     * Parsed columns, shared: a credential is read far more often than written, and its scopes and
     * metadata text rarely change, so each distinct text is parsed once. Values are deeply immutable.
     */
    private static final Cache<String, Object> PARSED =
            Caffeine.newBuilder().maximumSize(10_000).build();

    @SuppressWarnings("unchecked")
    static List<String> strings(String json) {
        return (List<String>) PARSED.get("L" + json, k -> List.copyOf(read(json, STRINGS)));
    }

    static Map<String, String> stringMap(String json) {
        return read(json, STRING_MAP);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> objectMap(String json) {
        return (Map<String, Object>) PARSED.get("M" + json, k -> frozen(read(json, OBJECT_MAP)));
    }

    private static Object frozen(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, frozen(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(frozen(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON column holds malformed JSON", e);
        }
    }
}
