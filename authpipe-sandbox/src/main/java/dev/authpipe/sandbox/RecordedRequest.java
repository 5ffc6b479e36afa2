package dev.authpipe.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One request as the sandbox received it: what the broker's tests assert on (User-Agent, PKCE
 * verifier, redirect URI, form versus JSON), and what the endpoints read.
 *
 * @param path the decoded path, without query
 * @param query query parameters, decoded, in order, repeated names kept
 * @param headers request headers; lookups ignore case
 * @param bodyFormat how the body was read
 * @param body body parameters: form fields, or the top-level fields of a JSON object
 * @param rawBody the body as UTF-8 text
 * @param receivedAt the sandbox clock's time on arrival
 */
public record RecordedRequest(
        String method,
        String path,
        Map<String, List<String>> query,
        SortedMap<String, List<String>> headers,
        BodyFormat bodyFormat,
        Map<String, List<String>> body,
        String rawBody,
        Instant receivedAt) {

    /** How a body was understood. */
    public enum BodyFormat {
        NONE,
        FORM,
        JSON,
        /** A JSON content type whose body is not a JSON object. */
        UNREADABLE_JSON,
        /** Any other content type; {@link #body()} is empty. */
        OTHER
    }

    public RecordedRequest {
        query = Collections.unmodifiableMap(query);
        headers = Collections.unmodifiableSortedMap(headers);
        body = Collections.unmodifiableMap(body);
    }

    /** The first value of a header, any case. */
    public Optional<String> header(String name) {
        return first(headers, name);
    }

    public Optional<String> queryParam(String name) {
        return first(query, name);
    }

    public Optional<String> bodyParam(String name) {
        return first(body, name);
    }

    public List<String> bodyParams(String name) {
        return body.getOrDefault(name, List.of());
    }

    static RecordedRequest read(HttpExchange exchange, Instant receivedAt) throws IOException {
        SortedMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        String rawBody;
        try (InputStream in = exchange.getRequestBody()) {
            rawBody = new String(in.readAllBytes(), UTF_8);
        }
        String contentType = first(headers, "Content-Type").orElse("").toLowerCase(Locale.ROOT);
        BodyFormat format;
        Map<String, List<String>> body = Map.of();
        if (rawBody.isEmpty()) {
            format = BodyFormat.NONE;
        } else if (contentType.startsWith("application/x-www-form-urlencoded")) {
            format = BodyFormat.FORM;
            body = Form.parse(rawBody);
        } else if (contentType.startsWith("application/json") || contentType.contains("+json")) {
            Optional<Map<String, List<String>>> params = Json.parameters(rawBody);
            format = params.isPresent() ? BodyFormat.JSON : BodyFormat.UNREADABLE_JSON;
            body = params.orElse(Map.of());
        } else {
            format = BodyFormat.OTHER;
        }
        return new RecordedRequest(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                Form.parse(exchange.getRequestURI().getRawQuery()),
                headers,
                format,
                body,
                rawBody,
                receivedAt);
    }

    private static Optional<String> first(Map<String, List<String>> values, String name) {
        List<String> found = values.get(name);
        return found == null || found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }
}
