package dev.authpipe.events;

import dev.authpipe.vault.KeyScope;
import dev.authpipe.vault.SealContext;
import dev.authpipe.vault.Sealed;
import java.time.Instant;
import java.util.List;

/**
 * A project's webhook endpoint. The signing secret is sealed under the project's keyset.
 *
 * @param events the event types it receives, or null for all
 */
public record Webhook(
        String projectId, String url, List<String> events, Sealed secret, Instant createdAt, Instant updatedAt) {
    public Webhook {
        events = events == null ? null : List.copyOf(events);
    }

    public static SealContext secretContext(String projectId) {
        return new SealContext(KeyScope.project(projectId), "webhook/" + projectId, "signing_secret");
    }

    public boolean receives(EventType type) {
        return events == null || events.contains(type.wire());
    }
}
