package dev.authpipe.provider;

import java.util.List;

/**
 * How a provider tells which accounts (companies, sites, workspaces) a grant reaches, for
 * providers whose tokens belong to a person but act inside accounts (Harvest, Basecamp).
 *
 * @param callbackScopePattern regular expression with one group that extracts an account id from
 *     one entry of the callback's {@code scope} parameter (Harvest: {@code harvest:(\d+)})
 * @param callbackScopeAllValues scope entries meaning "all accounts" (confirmation lists them)
 * @param endpoint the endpoint name that lists the grant's accounts
 * @param listField the JSON field holding the account array
 * @param idField the account id field inside each element
 * @param filterField an element field that must equal {@code filterValue}, or null
 * @param userIdField dotted path to the provider's user id in the same response, or null
 * @param metadataKey the credential metadata key that carries the account ids
 * @param userMustShareInstallationAccount a user grant must reach an account of the installation
 */
public record AccountDiscovery(
        String callbackScopePattern,
        List<String> callbackScopeAllValues,
        String endpoint,
        String listField,
        String idField,
        String filterField,
        String filterValue,
        String userIdField,
        String metadataKey,
        Boolean userMustShareInstallationAccount) {

    public AccountDiscovery {
        callbackScopeAllValues = List.copyOf(callbackScopeAllValues == null ? List.of() : callbackScopeAllValues);
        userMustShareInstallationAccount = userMustShareInstallationAccount != null && userMustShareInstallationAccount;
    }

    public boolean requiresSharedAccount() {
        return userMustShareInstallationAccount;
    }
}
