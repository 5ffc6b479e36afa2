package dev.authpipe.server.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.authpipe.connect.ConnectOutcome;
import dev.authpipe.server.api.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The small page the callback renders. When the session named an origin it posts
 * {@code {source:"authpipe", type, provider, tenantId, userId?, error?}} to {@code window.opener}
 * at exactly that origin, then closes; otherwise it only shows the result.
 */
final class OutcomePage {
    private OutcomePage() {}

    static String render(ConnectOutcome outcome, String nonce) {
        String script = outcome.origin() == null ? "" : postMessageScript(outcome, nonce);
        return page(
                outcome.isError() ? "Connection failed" : "Connected",
                outcome.message(),
                outcome.isError() ? outcome.error() : null,
                script,
                nonce);
    }

    static String error(String code, String message, String nonce) {
        return page("Connection failed", message, code, "", nonce);
    }

    private static String postMessageScript(ConnectOutcome outcome, String nonce) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("source", "authpipe");
        message.put("type", outcome.type());
        message.put("provider", outcome.provider());
        message.put("tenantId", outcome.tenantId());
        if (outcome.userId() != null) {
            message.put("userId", outcome.userId());
        }
        if (outcome.error() != null) {
            message.put("error", outcome.error());
        }
        return "<script nonce=\"" + nonce + "\">(function(){var m=" + scriptJson(message) + ";var o="
                + scriptJson(outcome.origin())
                + ";if(window.opener&&!window.opener.closed){window.opener.postMessage(m,o);window.close();}})();</script>";
    }

    private static String page(String title, String message, String code, String script, String nonce) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\""
                + " content=\"width=device-width,initial-scale=1\"><meta name=\"referrer\" content=\"no-referrer\"><title>"
                + html(title) + " · Authpipe</title><style nonce=\"" + nonce + "\">body{font:16px system-ui,sans-serif;"
                + "margin:4rem auto;max-width:32rem;padding:0 1rem;color:#222}code{color:#a33}</style></head><body><h1>"
                + html(title) + "</h1><p id=\"message\">" + html(message) + "</p>"
                + (code == null ? "" : "<p>Error code: <code id=\"error-code\">" + html(code) + "</code></p>")
                + script + "</body></html>";
    }

    /** HTML text escaping for element content and attribute values. */
    static String html(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** JSON safe inside a script element: no {@code </script>}, no HTML comment openers, no line separators. */
    static String scriptJson(Object value) {
        try {
            return Json.MAPPER
                    .writeValueAsString(value)
                    .replace("<", "\\u003c")
                    .replace(">", "\\u003e")
                    .replace("&", "\\u0026")
                    .replace("\u2028", "\\u2028")
                    .replace("\u2029", "\\u2029");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("outcome is not serialisable", e);
        }
    }
}
