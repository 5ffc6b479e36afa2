package dev.authpipe.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authpipe.credential.CredentialKey;
import dev.authpipe.credential.Ids;
import dev.authpipe.credential.Transactor;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records events about credentials: the one place event payloads take their shape. Each event is
 * appended to the log and queued for the project's webhook in one transaction (joining the
 * caller's), so the log, the outbox and the change they describe commit together.
 */
public final class Events {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.Set<String> KEY_FIELDS =
            java.util.Set.of("provider", "tenantId", "credentialFor", "userId");

    private final EventLog log;
    private final WebhookStore webhooks;
    private final Transactor tx;
    private final Clock clock;

    public Events(EventLog log, WebhookStore webhooks, Transactor tx, Clock clock) {
        this.log = log;
        this.webhooks = webhooks;
        this.tx = tx;
        this.clock = clock;
    }

    /** Records {@code type} for {@code key} with the key fields plus {@code extra}. */
    public Event record(EventType type, CredentialKey key, Map<String, Object> extra) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("provider", key.provider());
        data.put("tenantId", key.tenantId());
        data.put("credentialFor", key.credentialFor().wire());
        if (key.userId() != null) {
            data.put("userId", key.userId());
        }
        // The key fields name the credential; extra data (imported metadata, say) cannot rename it.
        extra.forEach((name, value) -> {
            if (!KEY_FIELDS.contains(name)) {
                data.put(name, value);
            }
        });
        Instant now = clock.instant();
        return tx.inTransaction(() -> {
            Event event = log.append(new Event(0, Ids.newId("evt"), key.projectId(), type, now, data));
            webhooks.enqueue(event, key.toString(), payload(event), now);
            return event;
        });
    }

    public List<Event> page(String projectId, long after, int limit) {
        return log.page(projectId, after, limit);
    }

    /** The webhook body and API shape of an event: {@code {id, type, createdAt, data}}. */
    public static String payload(Event e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", e.id());
        body.put("type", e.type().wire());
        body.put("createdAt", e.createdAt().toString());
        body.put("data", e.data());
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("event data is not JSON-serialisable", ex);
        }
    }
}
