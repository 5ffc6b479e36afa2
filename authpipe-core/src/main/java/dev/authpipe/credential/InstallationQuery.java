package dev.authpipe.credential;

/**
 * Filters and position for listing installations. Null filters match everything.
 *
 * @param after the last (provider, tenant) of the previous page, or null for the first page
 */
public record InstallationQuery(String provider, String tenantId, CredentialStatus status, After after, int limit) {

    /** Keyset-pagination position. */
    public record After(String provider, String tenantId) {}
}
