package dev.authpipe.server.api;

import dev.authpipe.broker.TokenView;
import dev.authpipe.credential.Credential;
import dev.authpipe.credential.CredentialStatus;
import dev.authpipe.credential.Integration;
import dev.authpipe.credential.Project;
import dev.authpipe.events.Event;
import dev.authpipe.health.HealthState;
import dev.authpipe.provider.Provider;
import dev.authpipe.provider.ScopeSpec;
import dev.authpipe.provider.SettingSpec;
import dev.authpipe.refresh.RefreshReason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the API. Only {@link #token} reveals a secret (it is what
 * {@code GET /v1/credentials} is for) and only {@link #createdProject} carries the key shown once.
 */
final class Views {
    private Views() {}

    static Map<String, Object> createdProject(Project p, String secretKey) {
        Map<String, Object> v = project(p);
        v.put("secretKey", secretKey);
        return v;
    }

    static Map<String, Object> project(Project p) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", p.id());
        v.put("name", p.name());
        v.put("allowedOrigins", p.allowedOrigins());
        v.put("createdAt", p.createdAt());
        return v;
    }

    static Map<String, Object> provider(Provider p) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", p.id());
        v.put("displayName", p.displayName());
        v.put("docs", p.docs());
        v.put("credentialModel", "installation_and_user");
        v.put("endpoints", p.endpoints());
        v.put("requiredEndpoints", p.requiredEndpoints());
        v.put("defaultScopes", p.oauth().defaultScopes());
        v.put("scopes", p.oauth().scopes().stream().map(Views::scope).toList());
        v.put("pkce", p.oauth().pkce().name());
        v.put("settings", p.settings().stream().map(Views::setting).toList());
        v.put("accountDiscovery", p.accounts() != null);
        v.put("supportsRevocation", p.supportsRevocation());
        return v;
    }

    private static Map<String, Object> scope(ScopeSpec s) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", s.name());
        v.put("description", s.description());
        v.put("sentToProvider", s.isUpstream());
        return v;
    }

    private static Map<String, Object> setting(SettingSpec s) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", s.name());
        v.put("required", s.isRequired());
        v.put("description", s.description());
        v.put("example", s.example());
        return v;
    }

    static Map<String, Object> integration(Integration i, String redirectUri) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("provider", i.provider());
        v.put("clientId", i.clientId());
        v.put("scopes", i.scopes());
        v.put("endpointOverrides", i.endpointOverrides());
        v.put("settings", i.settings());
        v.put("redirectUri", redirectUri);
        v.put("createdAt", i.createdAt());
        v.put("updatedAt", i.updatedAt());
        return v;
    }

    static Map<String, Object> token(TokenView t) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("credential", t.accessToken().reveal());
        v.put("tokenType", t.tokenType());
        v.put("expiresAt", t.expiresAt());
        v.put("scopes", t.scopes());
        v.put("metadata", t.metadata());
        v.put("status", t.status().wire());
        return v;
    }

    /** An installation or user credential without any token material. */
    static Map<String, Object> credential(Credential c, RefreshReason reason, HealthState health) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("provider", c.key().provider());
        v.put("tenantId", c.key().tenantId());
        v.put("credentialFor", c.key().credentialFor().wire());
        if (c.key().userId() != null) {
            v.put("userId", c.key().userId());
        }
        v.put("status", c.status().wire());
        v.put("tokenType", c.tokenType());
        v.put("expiresAt", c.expiresAt());
        v.put("hasRefreshToken", c.hasRefreshToken());
        v.put("scopes", c.scopes());
        v.put("metadata", c.metadata());
        v.put("createdAt", c.createdAt());
        v.put("updatedAt", c.updatedAt());
        v.put("refreshedAt", c.refreshedAt());
        Map<String, Object> refresh = new LinkedHashMap<>();
        refresh.put("reason", reason.wire());
        refresh.put("nextRefreshAt", c.refresh().nextRefreshAt());
        refresh.put("failures", c.refresh().failures());
        refresh.put("retryAt", c.refresh().retryAt());
        refresh.put("lastError", c.refresh().lastError());
        v.put("refresh", refresh);
        // A credential the refresh engine revoked is revoked, whatever the last check said.
        v.put(
                "health",
                c.status() == CredentialStatus.REVOKED
                        ? "revoked"
                        : health == null ? null : health.health().wire());
        v.put("lastCheckedAt", health == null ? null : health.lastCheckedAt());
        v.put("lastError", health == null ? null : health.lastError());
        v.put("nextCheckAt", health == null ? null : health.nextCheckAt());
        return v;
    }

    static Map<String, Object> event(Event e) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", e.id());
        v.put("type", e.type().wire());
        v.put("createdAt", e.createdAt());
        v.put("data", e.data());
        return v;
    }

    static Map<String, Object> page(List<?> data, String nextCursor) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("data", data);
        v.put("nextCursor", nextCursor);
        return v;
    }
}
