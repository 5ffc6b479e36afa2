package dev.authpipe.events;

import dev.authpipe.credential.CredentialKey;
import dev.authpipe.credential.Ids;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds and records events about credentials; the one place event payloads take their shape. */
public final class Events {
    private final EventLog log;
    private final Clock clock;

    public Events(EventLog log, Clock clock) {
        this.log = log;
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
        data.putAll(extra);
        return log.append(new Event(0, Ids.newId("evt"), key.projectId(), type, clock.instant(), data));
    }

    public java.util.List<Event> page(String projectId, long after, int limit) {
        return log.page(projectId, after, limit);
    }
}
