package dev.authpipe.server;

import dev.authpipe.server.api.AdminApi;
import dev.authpipe.server.api.Auth;
import dev.authpipe.server.api.ConnectSessionsApi;
import dev.authpipe.server.api.CredentialsApi;
import dev.authpipe.server.api.EventsApi;
import dev.authpipe.server.api.InstallationsApi;
import dev.authpipe.server.api.IntegrationsApi;
import dev.authpipe.server.api.OperationsApi;
import dev.authpipe.server.api.ProvidersApi;
import dev.authpipe.server.api.WebhookApi;
import dev.authpipe.server.connect.ConnectPages;
import io.javalin.config.RoutesConfig;

/** The one route table. Every endpoint of the server is listed here and nowhere else. */
record Routes(
        Auth auth,
        AdminApi admin,
        ProvidersApi providers,
        IntegrationsApi integrations,
        ConnectSessionsApi connectSessions,
        CredentialsApi credentials,
        InstallationsApi installations,
        EventsApi events,
        WebhookApi webhook,
        OperationsApi operations,
        ConnectPages connect) {

    void register(RoutesConfig r) {
        r.get("/healthz", operations::health);
        r.get("/readyz", operations::ready);
        r.get("/metrics", operations::metrics);
        r.get("/openapi.json", operations::openApi);

        r.before("/v1/*", auth::authenticate);
        r.post("/v1/admin/projects", admin::createProject);

        r.get("/v1/providers", providers::list);
        r.get("/v1/integrations", integrations::list);
        r.put("/v1/integrations/{provider}", integrations::put);
        r.get("/v1/integrations/{provider}", integrations::get);
        r.delete("/v1/integrations/{provider}", integrations::delete);

        r.post("/v1/connect/sessions", connectSessions::create);

        r.get("/v1/credentials", credentials::get);
        r.post("/v1/credentials/import", credentials::importCredential);

        r.get("/v1/installations", installations::list);
        r.get("/v1/installations/{provider}/{tenantId}", installations::get);
        r.delete("/v1/installations/{provider}/{tenantId}", installations::delete);
        r.post("/v1/installations/{provider}/{tenantId}/refresh", installations::refresh);
        r.post("/v1/installations/{provider}/{tenantId}/check", installations::check);
        r.get("/v1/installations/{provider}/{tenantId}/users", installations::users);
        r.get("/v1/installations/{provider}/{tenantId}/users/{userId}", installations::getUser);
        r.delete("/v1/installations/{provider}/{tenantId}/users/{userId}", installations::deleteUser);
        r.post("/v1/installations/{provider}/{tenantId}/users/{userId}/refresh", installations::refreshUser);
        r.post("/v1/installations/{provider}/{tenantId}/users/{userId}/check", installations::checkUser);

        r.get("/v1/events", events::list);
        r.put("/v1/webhook", webhook::put);
        r.get("/v1/webhook", webhook::get);
        r.delete("/v1/webhook", webhook::delete);
        r.get("/v1/webhook/deliveries", webhook::deliveries);

        r.get("/connect/{token}", connect::open);
        r.get("/oauth/callback", connect::callback);
    }
}
