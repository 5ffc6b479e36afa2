package dev.authpipe.provider;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One catalog entry.
 *
 * @param endpoints named URLs ({@code authorize}, {@code token}, {@code accounts}, ...); an
 *     integration may override any of them by name
 * @param requiredEndpoints endpoint names that must resolve to a URL, from the catalog or from an
 *     integration's overrides (a generic provider declares none of its own)
 * @param issuer the authorization server's issuer identifier (RFC 9207 {@code iss}), if known
 * @param requestHeaders headers sent on every server-to-provider call; values may use
 *     {@code {settings.NAME}} placeholders
 * @param accounts account discovery after a grant, or null when the provider has no accounts
 * @param healthChecks requests that prove a credential still works, in order
 * @param revocation the endpoint name for RFC 7009 revocation, or null when the provider has none
 */
public record Provider(
        String id,
        String displayName,
        String docs,
        Map<String, String> endpoints,
        List<String> requiredEndpoints,
        String issuer,
        OAuthSpec oauth,
        Map<String, String> requestHeaders,
        List<SettingSpec> settings,
        AccountDiscovery accounts,
        RefreshSpec refresh,
        List<HealthCheck> healthChecks,
        String revocation) {

    public Provider {
        endpoints = Map.copyOf(endpoints == null ? Map.of() : endpoints);
        requiredEndpoints = List.copyOf(requiredEndpoints == null ? List.of() : requiredEndpoints);
        requestHeaders = Map.copyOf(requestHeaders == null ? Map.of() : requestHeaders);
        settings = List.copyOf(settings == null ? List.of() : settings);
        healthChecks = List.copyOf(healthChecks == null ? List.of() : healthChecks);
        refresh = refresh == null ? RefreshSpec.DEFAULT : refresh;
    }

    public Optional<AccountDiscovery> accountDiscovery() {
        return Optional.ofNullable(accounts);
    }

    public Optional<SettingSpec> setting(String name) {
        return settings.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public boolean supportsRevocation() {
        return revocation != null;
    }
}
