package dev.authpipe.credential;

import dev.authpipe.provider.HeaderTemplate;
import dev.authpipe.provider.Provider;
import dev.authpipe.vault.KeyScope;
import dev.authpipe.vault.SealContext;
import dev.authpipe.vault.Sealed;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A project's configuration of one provider. The client secret is sealed under the project's
 * keyset, bound to this integration's record.
 */
public record Integration(
        String projectId,
        String provider,
        String clientId,
        Sealed clientSecret,
        List<String> scopes,
        Map<String, String> endpointOverrides,
        Map<String, String> settings,
        Instant createdAt,
        Instant updatedAt) {

    public Integration {
        scopes = List.copyOf(scopes);
        endpointOverrides = Map.copyOf(endpointOverrides);
        settings = Map.copyOf(settings);
    }

    public static SealContext clientSecretContext(String projectId, String provider) {
        return new SealContext(KeyScope.project(projectId), "integration/" + provider, "client_secret");
    }

    /** The URL of a named endpoint: the override if any, else the catalog's. */
    public Optional<String> endpoint(Provider p, String name) {
        String override = endpointOverrides.get(name);
        return Optional.ofNullable(override != null ? override : p.endpoints().get(name));
    }

    /** The provider's required headers (e.g. Harvest's User-Agent) rendered with this integration's settings. */
    public Map<String, String> requestHeaders(Provider p) {
        Map<String, String> headers = new LinkedHashMap<>();
        p.requestHeaders()
                .forEach((name, template) -> headers.put(name, HeaderTemplate.render(template, settings, null)));
        return headers;
    }
}
