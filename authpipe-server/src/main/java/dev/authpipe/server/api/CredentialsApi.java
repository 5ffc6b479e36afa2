package dev.authpipe.server.api;

import dev.authpipe.broker.CredentialBroker;
import dev.authpipe.broker.ImportRequest;
import dev.authpipe.credential.Credential;
import dev.authpipe.credential.CredentialFor;
import dev.authpipe.credential.CredentialKey;
import dev.authpipe.credential.Project;
import dev.authpipe.vault.Secret;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** {@code GET /v1/credentials} hands out a valid token; {@code POST /v1/credentials/import} brings one in. */
public final class CredentialsApi {
    static final int DEFAULT_MIN_VALIDITY_SECONDS = 60;
    private static final int MAX_MIN_VALIDITY_SECONDS = 7 * 24 * 3600;
    private static final Set<String> GET_PARAMS =
            Set.of("provider", "tenantId", "credentialFor", "userId", "minValiditySeconds");
    private static final Set<String> IMPORT_FIELDS = Set.of(
            "provider",
            "tenantId",
            "credentialFor",
            "userId",
            "accessToken",
            "refreshToken",
            "tokenType",
            "expiresAt",
            "scopes",
            "metadata");

    private final CredentialBroker broker;

    public CredentialsApi(CredentialBroker broker) {
        this.broker = broker;
    }

    public void get(Context ctx) {
        Params.allowOnly(ctx, GET_PARAMS);
        Project project = Auth.project(ctx);
        CredentialKey key = key(
                project,
                Params.requiredQuery(ctx, "provider"),
                Params.requiredQuery(ctx, "tenantId"),
                Params.query(ctx, "credentialFor"),
                Params.query(ctx, "userId"));
        int minValidity =
                Params.intInRange(ctx, "minValiditySeconds", DEFAULT_MIN_VALIDITY_SECONDS, 0, MAX_MIN_VALIDITY_SECONDS);
        ctx.header("Cache-Control", "no-store");
        ctx.json(Views.token(broker.getCredential(key, Duration.ofSeconds(minValidity))));
    }

    public void importCredential(Context ctx) {
        Project project = Auth.project(ctx);
        JsonBody body = JsonBody.read(ctx, IMPORT_FIELDS);
        CredentialKey key = key(
                project,
                body.requiredString("provider", 64),
                body.requiredString("tenantId", 1024),
                body.requiredString("credentialFor", 32),
                body.optionalString("userId", 1024));
        String refresh = body.optionalString("refreshToken", 8192);
        String tokenType = body.optionalString("tokenType", 32);
        Map<String, Object> metadata = body.optionalObject("metadata");
        Credential stored = broker.importCredential(new ImportRequest(
                key,
                Secret.of(body.requiredString("accessToken", 8192)),
                refresh == null ? null : Secret.of(refresh),
                tokenType == null ? null : tokenType.toLowerCase(java.util.Locale.ROOT),
                body.optionalInstant("expiresAt"),
                body.optionalStrings("scopes", 50, 200),
                metadata));
        ctx.status(201).json(view(stored));
    }

    /** The credential key from the request's fields, with {@code credentialFor} and {@code userId} consistent. */
    static CredentialKey key(
            Project project, String provider, String tenantId, String credentialForValue, String userId) {
        Params.externalId("tenantId", tenantId);
        CredentialFor credentialFor = credentialForValue == null
                ? (userId == null ? CredentialFor.INSTALLATION : CredentialFor.USER)
                : Params.credentialFor("credentialFor", credentialForValue);
        if (credentialFor == CredentialFor.USER) {
            if (userId == null) {
                throw ApiError.invalid("userId", "userId is required when credentialFor is user.");
            }
            return CredentialKey.user(project.id(), provider, tenantId, Params.externalId("userId", userId));
        }
        if (userId != null) {
            throw ApiError.invalid("userId", "userId must not be given when credentialFor is installation.");
        }
        return CredentialKey.installation(project.id(), provider, tenantId);
    }

    private java.util.Map<String, Object> view(dev.authpipe.credential.Credential c) {
        return Views.credential(
                c, broker.refreshReason(c), broker.health(c.key()).orElse(null));
    }
}
