package dev.authpipe.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@code application/x-www-form-urlencoded}, for query strings, form bodies and redirects.
 *
 * <p>Encoding uses {@link URLEncoder}, which writes a space as {@code +} and a colon as {@code %3A}:
 * exactly how Harvest's callback carries {@code scope=harvest%3A1+forecast%3A2} (harvest.md §1.5).
 */
final class Form {
    private Form() {}

    /** Parses {@code a=1&b=2&b=3}; keeps order and repeated names. Malformed escapes throw {@link IllegalArgumentException}. */
    static Map<String, List<String>> parse(String raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), UTF_8);
            params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return params;
    }

    /** Encodes the non-null entries in order. */
    static String encode(Map<String, String> params) {
        StringJoiner joined = new StringJoiner("&");
        params.forEach((name, value) -> {
            if (value != null) {
                joined.add(URLEncoder.encode(name, UTF_8) + "=" + URLEncoder.encode(value, UTF_8));
            }
        });
        return joined.toString();
    }

    /** Adds parameters to a URI's query, keeping any query it already has (RFC 6749 §3.1.2). */
    static String appendQuery(String uri, Map<String, String> params) {
        String encoded = encode(params);
        if (encoded.isEmpty()) {
            return uri;
        }
        if (!uri.contains("?")) {
            return uri + "?" + encoded;
        }
        return uri.endsWith("?") || uri.endsWith("&") ? uri + encoded : uri + "&" + encoded;
    }
}
