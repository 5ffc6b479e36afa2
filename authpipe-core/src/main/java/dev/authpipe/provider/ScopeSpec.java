package dev.authpipe.provider;

/**
 * A scope offered by a provider.
 *
 * @param upstream false for Authpipe-level scopes that never reach the provider (Harvest's
 *     {@code offline_access}: Harvest returns refresh tokens unasked and has no such scope)
 */
public record ScopeSpec(String name, String description, Boolean upstream) {
    public ScopeSpec {
        upstream = upstream == null ? Boolean.TRUE : upstream;
    }

    public boolean isUpstream() {
        return upstream;
    }
}
