package dev.authpipe.server.api;

import dev.authpipe.broker.CredentialBroker;
import dev.authpipe.credential.Credential;
import dev.authpipe.credential.CredentialKey;
import dev.authpipe.credential.CredentialStatus;
import dev.authpipe.credential.InstallationQuery;
import dev.authpipe.credential.Project;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/** {@code /v1/installations}: listing, reading, deleting and refreshing installations and their users. */
public final class InstallationsApi {
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;

    private final CredentialBroker broker;

    public InstallationsApi(CredentialBroker broker) {
        this.broker = broker;
    }

    public void list(Context ctx) {
        Params.allowOnly(ctx, Set.of("provider", "tenantId", "status", "cursor", "limit"));
        Project project = Auth.project(ctx);
        String tenantId = Params.query(ctx, "tenantId");
        if (tenantId != null) {
            Params.externalId("tenantId", tenantId);
        }
        String status = Params.query(ctx, "status");
        CredentialStatus statusFilter = status == null
                ? null
                : CredentialStatus.parse(status)
                        .orElseThrow(
                                () -> ApiError.invalid("status", "status must be one of active, expired, revoked."));
        int limit = Params.intInRange(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        InstallationQuery.After after = decodeCursor(Params.query(ctx, "cursor"));
        List<Credential> page = broker.installations(
                project.id(),
                new InstallationQuery(Params.query(ctx, "provider"), tenantId, statusFilter, after, limit + 1));
        String next = null;
        if (page.size() > limit) {
            page = page.subList(0, limit);
            Credential last = page.get(limit - 1);
            next = Cursors.encode(last.key().provider(), last.key().tenantId());
        }
        ctx.json(Views.page(page.stream().map(this::view).toList(), next));
    }

    public void get(Context ctx) {
        ctx.json(view(broker.find(installationKey(ctx))));
    }

    public void delete(Context ctx) {
        broker.uninstall(installationKey(ctx));
        ctx.status(204);
    }

    public void refresh(Context ctx) {
        ctx.json(view(broker.forceRefresh(installationKey(ctx))));
    }

    public void check(Context ctx) {
        ctx.json(view(broker.checkNow(installationKey(ctx))));
    }

    public void checkUser(Context ctx) {
        ctx.json(view(broker.checkNow(userKey(ctx))));
    }

    public void users(Context ctx) {
        Params.allowOnly(ctx, Set.of("cursor", "limit"));
        CredentialKey installation = installationKey(ctx);
        int limit = Params.intInRange(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        String cursor = Params.query(ctx, "cursor");
        String after = cursor == null ? null : Cursors.decode(cursor, 1, "cursor")[0];
        List<Credential> page = broker.users(installation, after, limit + 1);
        String next = null;
        if (page.size() > limit) {
            page = page.subList(0, limit);
            next = Cursors.encode(page.get(limit - 1).key().userId());
        }
        ctx.json(Views.page(page.stream().map(this::view).toList(), next));
    }

    public void getUser(Context ctx) {
        ctx.json(view(broker.find(userKey(ctx))));
    }

    public void deleteUser(Context ctx) {
        broker.deleteUser(userKey(ctx));
        ctx.status(204);
    }

    public void refreshUser(Context ctx) {
        ctx.json(view(broker.forceRefresh(userKey(ctx))));
    }

    private static CredentialKey installationKey(Context ctx) {
        return CredentialKey.installation(
                Auth.project(ctx).id(),
                ctx.pathParam("provider"),
                Params.externalId("tenantId", ctx.pathParam("tenantId")));
    }

    private static CredentialKey userKey(Context ctx) {
        CredentialKey installation = installationKey(ctx);
        return CredentialKey.user(
                installation.projectId(),
                installation.provider(),
                installation.tenantId(),
                Params.externalId("userId", ctx.pathParam("userId")));
    }

    private static InstallationQuery.After decodeCursor(String cursor) {
        if (cursor == null) {
            return null;
        }
        String[] parts = Cursors.decode(cursor, 2, "cursor");
        return new InstallationQuery.After(parts[0], parts[1]);
    }

    private java.util.Map<String, Object> view(dev.authpipe.credential.Credential c) {
        return Views.credential(
                c, broker.refreshReason(c), broker.health(c.key()).orElse(null));
    }
}
