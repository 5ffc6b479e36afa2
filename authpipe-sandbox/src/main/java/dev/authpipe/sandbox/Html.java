package dev.authpipe.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * The sandbox's HTML pages share one frame, one stylesheet and one strict Content-Security-Policy.
 *
 * <p>The page runs no script at all; the only inline content is the fixed stylesheet, allowed by its
 * hash. Every value that came from a request or the directory goes through {@link #escape}.
 */
final class Html {
    private static final String STYLE = "body{font:16px system-ui,sans-serif;margin:2rem auto;max-width:36rem;"
            + "padding:0 1rem;color:#1d1d1b}.banner{background:#fff4e5;border:1px solid #f2a33a;"
            + "padding:.5rem .75rem;border-radius:4px;font-size:.9rem}fieldset{border:1px solid #ccc;"
            + "border-radius:4px;margin:1rem 0}label{display:block;margin:.25rem 0}"
            + "button{font:inherit;padding:.4rem 1rem;margin-right:.5rem}.error{color:#b00020}";

    /** No script, no framing, no foreign resources (RFC 6749 §10.13 asks consent pages to resist clickjacking). */
    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy",
            "default-src 'none'; style-src '" + sha256(STYLE) + "'; base-uri 'none'; frame-ancestors 'none'",
            "X-Frame-Options",
            "DENY",
            "X-Content-Type-Options",
            "nosniff",
            "Referrer-Policy",
            "no-referrer",
            "Cache-Control",
            "no-store");

    private Html() {}

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A full page around already-escaped body markup. */
    static String page(String title, String bodyMarkup) {
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                + "<title>" + escape(title) + " · Harvest sandbox</title><style>" + STYLE
                + "</style></head>\n<body><main>\n"
                + "<p class=\"banner\">Harvest sandbox: a local fake of Harvest ID for trying Authpipe. "
                + "No real Harvest account is involved.</p>\n"
                + bodyMarkup
                + "</main></body></html>\n";
    }

    /**
     * An error shown to the user instead of a redirect: used when the client or redirect URI cannot be
     * trusted, so the browser must not be sent anywhere (RFC 6749 §4.1.2.1).
     */
    static Reply errorPage(int status, String title, String message) {
        return Reply.html(
                status,
                page(title, "<h1>" + escape(title) + "</h1>\n<p class=\"error\">" + escape(message) + "</p>\n"));
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
