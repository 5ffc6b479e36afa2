package dev.authpipe.credential;

import java.time.Instant;
import java.util.List;

/**
 * One customer app using Authpipe. Owns its keys, integrations and credentials; nothing of one
 * project is visible to another.
 *
 * @param allowedOrigins browser origins ({@code scheme://host[:port]}) that may receive connect
 *     results by postMessage or be redirected to
 */
public record Project(String id, String name, List<String> allowedOrigins, Instant createdAt) {
    public Project {
        allowedOrigins = List.copyOf(allowedOrigins);
    }
}
