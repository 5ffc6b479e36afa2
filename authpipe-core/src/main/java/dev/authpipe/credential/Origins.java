package dev.authpipe.credential;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Web origins (RFC 6454): {@code scheme://host[:port]}, lower-cased, default ports dropped. The
 * connect flow posts results only to, and redirects only into, a project's allowed origins.
 */
public final class Origins {
    private Origins() {}

    /** The normalised origin of an origin string, or empty if it is not one (paths, queries, userinfo). */
    public static Optional<String> parseOrigin(String value) {
        Optional<URI> uri = httpUri(value);
        if (uri.isEmpty()) {
            return Optional.empty();
        }
        String path = uri.get().getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.get().getRawQuery() != null) {
            return Optional.empty();
        }
        return Optional.of(originOf(uri.get()));
    }

    /** The normalised origin of an absolute http(s) URL, or empty if it is not one. */
    public static Optional<String> originOfUrl(String url) {
        return httpUri(url).map(Origins::originOf);
    }

    private static Optional<URI> httpUri(String value) {
        if (value == null || value.length() > 2048) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute()
                    || uri.getHost() == null
                    || uri.getRawUserInfo() != null
                    || uri.getRawFragment() != null
                    || !("http".equals(scheme) || "https".equals(scheme))) {
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static String originOf(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort =
                port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
