package dev.authpipe.vault;

import java.util.Objects;

/**
 * Who owns a keyset: a whole project (integration client secrets, webhook secrets) or one tenant
 * of a project (its installation and user tokens). Tenants never share a keyset.
 */
public record KeyScope(String projectId, String tenantId) {
    public KeyScope {
        Objects.requireNonNull(projectId, "projectId");
    }

    public static KeyScope project(String projectId) {
        return new KeyScope(projectId, null);
    }

    public static KeyScope tenant(String projectId, String tenantId) {
        return new KeyScope(projectId, Objects.requireNonNull(tenantId, "tenantId"));
    }

    public boolean isTenant() {
        return tenantId != null;
    }

    /** The stable storage name of this scope's owner: {@code project} or {@code tenant:<id>}. */
    public String owner() {
        return isTenant() ? "tenant:" + tenantId : "project";
    }
}
