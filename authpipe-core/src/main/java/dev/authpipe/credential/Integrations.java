package dev.authpipe.credential;

import dev.authpipe.egress.EgressPolicy;
import dev.authpipe.provider.HealthCheck;
import dev.authpipe.provider.Provider;
import dev.authpipe.provider.ProviderCatalog;
import dev.authpipe.provider.SettingSpec;
import dev.authpipe.vault.Vault;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Configures a project's integrations, checking each against its provider's catalog entry. */
public final class Integrations {
    private static final int MAX_CLIENT_FIELD = 512;
    private static final int MAX_SCOPES = 50;

    private final ProviderCatalog catalog;
    private final IntegrationStore store;
    private final Vault vault;
    private final Clock clock;
    private final EgressPolicy egress;

    public Integrations(
            ProviderCatalog catalog, IntegrationStore store, Vault vault, Clock clock, EgressPolicy egress) {
        this.catalog = catalog;
        this.store = store;
        this.vault = vault;
        this.clock = clock;
        this.egress = egress;
    }

    public Provider provider(String providerId) {
        return catalog.find(providerId)
                .orElseThrow(() -> BrokerException.notFound(
                        "unknown_provider",
                        "There is no provider named '" + printable(providerId) + "'; GET /v1/providers lists them."));
    }

    /**
     * Creates or replaces the integration.
     *
     * @throws BrokerException {@code invalid_request} naming the field at fault
     */
    public Integration configure(String projectId, String providerId, IntegrationRequest request) {
        Provider provider = provider(providerId);
        requireText("clientId", request.clientId());
        if (request.clientSecret() == null || request.clientSecret().isEmpty()) {
            throw invalid("clientSecret is required");
        }
        if (request.clientSecret().reveal().length() > MAX_CLIENT_FIELD) {
            throw invalid("clientSecret must be at most " + MAX_CLIENT_FIELD + " characters");
        }
        List<String> scopes = scopes(provider, request.scopes());
        Map<String, String> overrides = overrides(provider, request.endpointOverrides(), egress);
        Map<String, String> settings = settings(provider, request.settings());
        Instant now = clock.instant();
        Integration integration = new Integration(
                projectId,
                provider.id(),
                request.clientId(),
                vault.seal(Integration.clientSecretContext(projectId, provider.id()), request.clientSecret()),
                scopes,
                overrides,
                settings,
                now,
                now);
        return store.upsert(integration);
    }

    public Optional<Integration> find(String projectId, String providerId) {
        return store.find(projectId, providerId);
    }

    public List<Integration> list(String projectId) {
        return store.list(projectId);
    }

    public boolean delete(String projectId, String providerId) {
        provider(providerId);
        return store.delete(projectId, providerId);
    }

    private static List<String> scopes(Provider provider, List<String> requested) {
        if (requested == null) {
            return provider.oauth().defaultScopes();
        }
        if (requested.size() > MAX_SCOPES) {
            throw invalid("scopes may list at most " + MAX_SCOPES + " scopes");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String scope : requested) {
            if (scope == null || !provider.oauth().accepts(scope)) {
                throw invalid(
                        "scopes: '" + printable(scope) + "' is not a scope " + provider.displayName() + " accepts");
            }
            unique.add(scope);
        }
        return List.copyOf(unique);
    }

    private static Map<String, String> overrides(
            Provider provider, Map<String, String> requested, EgressPolicy egress) {
        Map<String, String> overrides = new LinkedHashMap<>(requested == null ? Map.of() : requested);
        Set<String> known = endpointNames(provider);
        overrides.forEach((name, url) -> {
            if (!known.contains(name)) {
                throw invalid("endpointOverrides." + printable(name) + " is not an endpoint of "
                        + provider.displayName() + " (known: " + String.join(", ", known) + ")");
            }
            if (!isHttpUrl(url)) {
                throw invalid("endpointOverrides." + name + " must be an absolute http(s) URL");
            }
            egress.refusal(URI.create(url).getHost()).ifPresent(why -> {
                throw invalid("endpointOverrides." + name + ": the host " + why);
            });
        });
        for (String required : provider.requiredEndpoints()) {
            if (!overrides.containsKey(required) && !provider.endpoints().containsKey(required)) {
                throw invalid("endpointOverrides." + required + " is required for " + provider.displayName());
            }
        }
        return overrides;
    }

    /** Endpoint names an integration may override: the catalog's, the required ones, and the standard ones. */
    static Set<String> endpointNames(Provider provider) {
        Set<String> names = new LinkedHashSet<>(List.of("authorize", "token"));
        names.addAll(provider.endpoints().keySet());
        names.addAll(provider.requiredEndpoints());
        provider.accountDiscovery().ifPresent(a -> names.add(a.endpoint()));
        provider.healthChecks().stream().map(HealthCheck::endpoint).forEach(names::add);
        names.add("healthCheck");
        names.add("revoke");
        return names;
    }

    private static Map<String, String> settings(Provider provider, Map<String, String> requested) {
        Map<String, String> settings = new LinkedHashMap<>(requested == null ? Map.of() : requested);
        settings.forEach((name, value) -> {
            SettingSpec spec = provider.setting(name)
                    .orElseThrow(() ->
                            invalid("settings." + printable(name) + " is not a setting of " + provider.displayName()));
            // Settings may be sent as HTTP header values (RFC 9110 §5.5): visible ASCII, space and tab only.
            if (value == null
                    || value.isBlank()
                    || !value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f))
                    || !spec.accepts(value)) {
                throw invalid("settings." + name + " is not valid: " + spec.description()
                        + (spec.example() == null ? "" : ", e.g. \"" + spec.example() + "\""));
            }
        });
        for (SettingSpec spec : provider.settings()) {
            if (spec.isRequired() && !settings.containsKey(spec.name())) {
                throw invalid("settings." + spec.name() + " is required for " + provider.displayName() + ": "
                        + spec.description() + (spec.example() == null ? "" : ", e.g. \"" + spec.example() + "\""));
            }
        }
        return settings;
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(field + " is required");
        }
        if (value.length() > MAX_CLIENT_FIELD || value.chars().anyMatch(Character::isISOControl)) {
            throw invalid(field + " must be at most " + MAX_CLIENT_FIELD + " printable characters");
        }
    }

    static boolean isHttpUrl(String url) {
        if (url == null || url.length() > 2048) {
            return false;
        }
        try {
            URI uri = new URI(url);
            return uri.isAbsolute()
                    && uri.getHost() != null
                    && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                    && uri.getRawFragment() == null
                    && uri.getRawUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** A user-supplied name made safe to quote in an error: truncated, controls replaced. */
    static String printable(String value) {
        if (value == null) {
            return "null";
        }
        String cut = value.length() > 64 ? value.substring(0, 64) + "…" : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    private static BrokerException invalid(String message) {
        return BrokerException.invalid("invalid_request", message);
    }
}
