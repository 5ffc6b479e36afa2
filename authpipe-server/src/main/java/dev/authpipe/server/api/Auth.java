package dev.authpipe.server.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.authpipe.credential.Project;
import dev.authpipe.credential.Projects;
import dev.authpipe.vault.Digests;
import dev.authpipe.vault.Secret;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;

/**
 * Authenticates {@code /v1} calls: the admin key for {@code /v1/admin/*}, a project secret key
 * for everything else. Recognised keys are cached briefly so a read costs no key lookup.
 */
public final class Auth {
    private static final String PROJECT = "authpipe.project";

    private final Projects projects;
    private final byte[] adminKeyDigest;
    private final Cache<String, Project> recentKeys;

    public Auth(Projects projects, Secret adminKey) {
        this.projects = projects;
        this.adminKeyDigest =
                adminKey == null ? null : Digests.sha256(adminKey.reveal().getBytes(StandardCharsets.UTF_8));
        this.recentKeys = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(Duration.ofMinutes(1))
                .build();
    }

    /** The before-handler for {@code /v1/*}. */
    public void authenticate(Context ctx) {
        if (ctx.path().startsWith("/v1/admin/") || ctx.path().equals("/v1/admin")) {
            requireAdmin(ctx);
            return;
        }
        String key =
                bearer(ctx).orElseThrow(() -> unauthorized(ctx, "Missing Authorization: Bearer <project secret key>."));
        Project project = recentKeys.getIfPresent(key);
        if (project == null) {
            project = projects.authenticate(key).orElseThrow(() -> unauthorized(ctx, "The secret key is not valid."));
            recentKeys.put(key, project);
        }
        ctx.attribute(PROJECT, project);
    }

    /** The authenticated project of this request. */
    public static Project project(Context ctx) {
        Project project = ctx.attribute(PROJECT);
        if (project == null) {
            throw new IllegalStateException("no authenticated project on this request");
        }
        return project;
    }

    private void requireAdmin(Context ctx) {
        if (adminKeyDigest == null) {
            throw new ApiError(
                    403, "admin_disabled", "The admin API is disabled; set AUTHPIPE_ADMIN_KEY to enable it.", null);
        }
        String presented =
                bearer(ctx).orElseThrow(() -> unauthorized(ctx, "Missing Authorization: Bearer <admin key>."));
        byte[] digest = Digests.sha256(presented.getBytes(StandardCharsets.UTF_8));
        if (!MessageDigest.isEqual(digest, adminKeyDigest)) {
            throw unauthorized(ctx, "The admin key is not valid.");
        }
    }

    private static Optional<String> bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String value = header.substring(7).strip();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static ApiError unauthorized(Context ctx, String message) {
        ctx.header("WWW-Authenticate", "Bearer");
        return new ApiError(401, "unauthorized", message, null);
    }
}
