package dev.authpipe.credential;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** An {@link IntegrationStore} in memory: one integration per (project, provider). */
final class InMemoryIntegrationStore implements IntegrationStore {
    private final ConcurrentMap<Map.Entry<String, String>, Integration> integrations = new ConcurrentHashMap<>();

    @Override
    public Integration upsert(Integration integration) {
        return integrations.merge(
                Map.entry(integration.projectId(), integration.provider()),
                integration,
                (existing, replacement) -> new Integration(
                        replacement.projectId(),
                        replacement.provider(),
                        replacement.clientId(),
                        replacement.clientSecret(),
                        replacement.scopes(),
                        replacement.endpointOverrides(),
                        replacement.settings(),
                        existing.createdAt(),
                        replacement.updatedAt()));
    }

    @Override
    public Optional<Integration> find(String projectId, String provider) {
        return Optional.ofNullable(integrations.get(Map.entry(projectId, provider)));
    }

    @Override
    public List<Integration> list(String projectId) {
        return integrations.values().stream()
                .filter(i -> i.projectId().equals(projectId))
                .sorted(Comparator.comparing(Integration::provider))
                .toList();
    }

    @Override
    public boolean delete(String projectId, String provider) {
        return integrations.remove(Map.entry(projectId, provider)) != null;
    }
}
