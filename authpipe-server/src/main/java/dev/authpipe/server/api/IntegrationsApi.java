package dev.authpipe.server.api;

import dev.authpipe.credential.Integration;
import dev.authpipe.credential.IntegrationRequest;
import dev.authpipe.credential.Integrations;
import dev.authpipe.credential.Project;
import dev.authpipe.vault.Secret;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Set;

/** {@code /v1/integrations}: a project's provider configurations. The client secret never comes back. */
public final class IntegrationsApi {
    private final Integrations integrations;
    private final String redirectUri;

    public IntegrationsApi(Integrations integrations, String redirectUri) {
        this.integrations = integrations;
        this.redirectUri = redirectUri;
    }

    public void put(Context ctx) {
        Project project = Auth.project(ctx);
        String provider = integrations.provider(ctx.pathParam("provider")).id();
        JsonBody body =
                JsonBody.read(ctx, Set.of("clientId", "clientSecret", "scopes", "endpointOverrides", "settings"));
        String clientSecret = body.requiredString("clientSecret", 512);
        IntegrationRequest request = new IntegrationRequest(
                body.requiredString("clientId", 512),
                Secret.of(clientSecret),
                body.optionalStrings("scopes", 50, 200),
                body.optionalStringMap("endpointOverrides", 20, 2048),
                body.optionalStringMap("settings", 20, 1024));
        boolean existed = integrations.find(project.id(), provider).isPresent();
        Integration saved = integrations.configure(project.id(), provider, request);
        ctx.status(existed ? 200 : 201).json(Views.integration(saved, redirectUri));
    }

    public void get(Context ctx) {
        Project project = Auth.project(ctx);
        String provider = integrations.provider(ctx.pathParam("provider")).id();
        Integration integration = integrations.find(project.id(), provider).orElseThrow(() -> notFound(provider));
        ctx.json(Views.integration(integration, redirectUri));
    }

    public void list(Context ctx) {
        Params.allowOnly(ctx, Set.of());
        Project project = Auth.project(ctx);
        ctx.json(Map.of(
                "data",
                integrations.list(project.id()).stream()
                        .map(i -> Views.integration(i, redirectUri))
                        .toList()));
    }

    public void delete(Context ctx) {
        Project project = Auth.project(ctx);
        String provider = integrations.provider(ctx.pathParam("provider")).id();
        if (!integrations.delete(project.id(), provider)) {
            throw notFound(provider);
        }
        ctx.status(204);
    }

    private static ApiError notFound(String provider) {
        return new ApiError(404, "integration_not_found", "The " + provider + " integration is not configured.", null);
    }
}
