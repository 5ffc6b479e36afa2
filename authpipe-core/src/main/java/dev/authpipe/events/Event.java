package dev.authpipe.events;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event.
 *
 * @param sequence the log position assigned on append (0 before), used as the paging cursor
 * @param data JSON-ready values (strings, numbers, booleans, lists, maps); never secrets
 */
public record Event(
        long sequence, String id, String projectId, EventType type, Instant createdAt, Map<String, Object> data) {
    public Event {
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }
}
