package dev.authpipe.sdk;

import java.util.Objects;

/**
 * Names one credential: a tenant's installation ("bot") credential of a provider, or one user's credential inside
 * that installation.
 *
 * <p>An immutable value and the key of the SDK's cache: two requests naming the same credential are {@link
 * #equals(Object) equal}. Ids are compared exactly (case-sensitive), as the server does.
 */
public final class CredentialRequest {
    private static final String INSTALLATION = "installation";
    private static final String USER = "user";

    private final String provider;
    private final String tenantId;
    private final String userId;
    private final int hash;

    private CredentialRequest(String provider, String tenantId, String userId) {
        this.provider = provider;
        this.tenantId = tenantId;
        this.userId = userId;
        // Computed once: the cache looks requests up on every call, and a cache hit must not allocate.
        this.hash = 31 * (31 * provider.hashCode() + tenantId.hashCode()) + Objects.hashCode(userId);
    }

    /**
     * The installation credential of {@code provider} in tenant {@code tenantId}.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if an argument is blank
     */
    public static CredentialRequest installation(String provider, String tenantId) {
        return new CredentialRequest(requireText(provider, "provider"), requireText(tenantId, "tenantId"), null);
    }

    /**
     * The credential of user {@code userId} inside the installation of {@code provider} in tenant {@code tenantId}.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if an argument is blank
     */
    public static CredentialRequest user(String provider, String tenantId, String userId) {
        return new CredentialRequest(
                requireText(provider, "provider"), requireText(tenantId, "tenantId"), requireText(userId, "userId"));
    }

    /** The provider's catalog name, e.g. {@code harvest}. */
    public String provider() {
        return provider;
    }

    /** Your id of the tenant, e.g. {@code org_acme}. */
    public String tenantId() {
        return tenantId;
    }

    /** Your id of the user, or {@code null} for an installation credential. */
    public String userId() {
        return userId;
    }

    /** {@code "installation"} or {@code "user"}, as the REST API names them. */
    public String credentialFor() {
        return userId == null ? INSTALLATION : USER;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CredentialRequest that
                && hash == that.hash
                && provider.equals(that.provider)
                && tenantId.equals(that.tenantId)
                && Objects.equals(userId, that.userId);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "CredentialRequest{provider=" + provider + ", tenantId=" + tenantId + ", credentialFor="
                + credentialFor() + (userId == null ? "" : ", userId=" + userId) + "}";
    }

    private static String requireText(String value, String name) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
