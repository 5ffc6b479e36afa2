package dev.authpipe.health;

import dev.authpipe.credential.AccountLookup;
import dev.authpipe.credential.Credential;
import dev.authpipe.credential.Integration;
import dev.authpipe.oauth.ProviderHttp;
import dev.authpipe.oauth.ProviderUnavailableException;
import dev.authpipe.provider.AccountDiscovery;
import dev.authpipe.provider.HeaderTemplate;
import dev.authpipe.provider.HealthCheck;
import dev.authpipe.provider.Provider;
import dev.authpipe.vault.Secret;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a provider's health-check requests with a credential's token (harvest.md §1.14: the
 * accounts endpoint, then {@code users/me} in the credential's account). A provider without catalog
 * checks is probed at the integration's {@code healthCheck} endpoint if it names one.
 */
public final class HealthProbe {
    private final ProviderHttp http;

    public HealthProbe(ProviderHttp http) {
        this.http = http;
    }

    /** The checks that apply to this provider and integration; empty when nothing can be checked. */
    public static List<HealthCheck> checks(Provider provider, Integration integration) {
        if (!provider.healthChecks().isEmpty()) {
            return provider.healthChecks();
        }
        return integration.endpoint(provider, "healthCheck").isPresent()
                ? List.of(new HealthCheck("identity", "healthCheck", "GET", Map.of(), false))
                : List.of();
    }

    public ProbeResult probe(Provider provider, Integration integration, Credential credential, Secret accessToken) {
        Optional<AccountDiscovery> accounts = provider.accountDiscovery();
        List<String> accountIds = accounts.map(a -> AccountLookup.accountIdsOf(credential.metadata(), a))
                .orElse(List.of());
        for (HealthCheck check : checks(provider, integration)) {
            String url = integration.endpoint(provider, check.endpoint()).orElse(null);
            if (url == null) {
                continue;
            }
            Map<String, String> headers = new LinkedHashMap<>(integration.requestHeaders(provider));
            String account = accountIds.isEmpty() ? null : accountIds.get(0);
            try {
                check.headers()
                        .forEach((name, template) ->
                                headers.put(name, HeaderTemplate.render(template, integration.settings(), account)));
            } catch (IllegalArgumentException noAccount) {
                return new ProbeResult(
                        ProbeResult.Outcome.ACCOUNT_MISSING, null, check.name() + ": the credential names no account");
            }
            headers.put("Authorization", "Bearer " + accessToken.reveal());
            headers.put("Accept", "application/json");
            ProviderHttp.Response response;
            try {
                response = http.get(url, headers);
            } catch (ProviderUnavailableException e) {
                return new ProbeResult(
                        ProbeResult.Outcome.TRANSIENT,
                        e.retryAfter().orElse(null),
                        check.name() + ": " + (e.status() == 0 ? e.getMessage() : "HTTP " + e.status()));
            }
            ProbeResult result = classify(check, response, accounts.orElse(null), accountIds);
            if (result.outcome() != ProbeResult.Outcome.OK) {
                return result;
            }
        }
        return ProbeResult.ok();
    }

    private static ProbeResult classify(
            HealthCheck check, ProviderHttp.Response response, AccountDiscovery accounts, List<String> accountIds) {
        int status = response.status();
        if (status == 401) {
            return new ProbeResult(ProbeResult.Outcome.UNAUTHORIZED, null, check.name() + ": HTTP 401");
        }
        if (status == 403) {
            return accounts != null
                    ? new ProbeResult(
                            ProbeResult.Outcome.ACCOUNT_MISSING, null, check.name() + ": HTTP 403 for the account")
                    : ProbeResult.ok();
        }
        if (!response.isSuccess()) {
            return new ProbeResult(ProbeResult.Outcome.TRANSIENT, null, check.name() + ": HTTP " + status);
        }
        if (check.checksAccount() && accounts != null) {
            List<String> listed;
            try {
                listed = AccountLookup.listed(accounts, response.body());
            } catch (RuntimeException malformed) {
                return new ProbeResult(ProbeResult.Outcome.TRANSIENT, null, check.name() + ": unreadable answer");
            }
            if (accountIds.stream().noneMatch(listed::contains)) {
                return new ProbeResult(
                        ProbeResult.Outcome.ACCOUNT_MISSING,
                        null,
                        check.name() + ": the grant no longer reaches account " + String.join(", ", accountIds));
            }
        }
        return ProbeResult.ok();
    }
}
