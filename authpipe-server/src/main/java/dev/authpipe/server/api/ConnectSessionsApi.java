package dev.authpipe.server.api;

import dev.authpipe.connect.ConnectFlow;
import dev.authpipe.connect.CreatedSession;
import dev.authpipe.connect.SessionRequest;
import dev.authpipe.credential.CredentialFor;
import dev.authpipe.credential.Origins;
import dev.authpipe.credential.Project;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/connect/sessions}: a short-lived, single-use link for the browser. Origins and
 * return URLs must belong to the project's allowed origins, so results never reach a stranger.
 */
public final class ConnectSessionsApi {
    private final ConnectFlow flow;

    public ConnectSessionsApi(ConnectFlow flow) {
        this.flow = flow;
    }

    public void create(Context ctx) {
        Project project = Auth.project(ctx);
        JsonBody body =
                JsonBody.read(ctx, Set.of("provider", "tenantId", "credentialFor", "userId", "origin", "returnUrl"));
        String provider = body.requiredString("provider", 64);
        String tenantId = Params.externalId("tenantId", body.requiredString("tenantId", 1024));
        CredentialFor credentialFor = Params.credentialFor("credentialFor", body.requiredString("credentialFor", 32));
        String userId = body.optionalString("userId", 1024);
        if (credentialFor == CredentialFor.USER) {
            if (userId == null) {
                throw ApiError.invalid("userId", "userId is required when credentialFor is user.");
            }
            Params.externalId("userId", userId);
        } else if (userId != null) {
            throw ApiError.invalid("userId", "userId must not be given when credentialFor is installation.");
        }
        String origin = allowedOrigin(project, body.optionalString("origin", 2048));
        String returnUrl = allowedReturnUrl(project, body.optionalString("returnUrl", 2048));
        CreatedSession session = flow.createSession(
                project, new SessionRequest(provider, tenantId, credentialFor, userId, origin, returnUrl));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("token", session.token().reveal());
        view.put("url", session.url());
        view.put("expiresAt", session.expiresAt());
        ctx.header("Cache-Control", "no-store");
        ctx.status(201).json(view);
    }

    private static String allowedOrigin(Project project, String origin) {
        if (origin == null) {
            return null;
        }
        String normalised = Origins.parseOrigin(origin)
                .orElseThrow(
                        () -> ApiError.invalid("origin", "origin must be an origin like https://app.example.com."));
        if (!project.allowedOrigins().contains(normalised)) {
            throw new ApiError(
                    400, "origin_not_allowed", "origin is not one of the project's allowedOrigins.", "origin");
        }
        return normalised;
    }

    private static String allowedReturnUrl(Project project, String returnUrl) {
        if (returnUrl == null) {
            return null;
        }
        String origin = Origins.originOfUrl(returnUrl)
                .orElseThrow(() ->
                        ApiError.invalid("returnUrl", "returnUrl must be an absolute http(s) URL without a fragment."));
        if (!project.allowedOrigins().contains(origin)) {
            throw new ApiError(
                    400, "origin_not_allowed", "returnUrl is not on one of the project's allowedOrigins.", "returnUrl");
        }
        return returnUrl;
    }
}
