package dev.authpipe.events;

import java.time.Instant;

/**
 * One event on its way to a project's webhook: the durable outbox row.
 *
 * @param orderingKey deliveries with the same key (one credential) go out one at a time, in
 *     sequence order
 * @param payload the JSON body, fixed when the event was recorded
 * @param status {@code pending} until a 2xx answer, then {@code delivered}
 */
public record Delivery(
        String id,
        String projectId,
        String eventId,
        long eventSequence,
        String type,
        String orderingKey,
        String payload,
        String status,
        int attempts,
        Instant nextAttemptAt,
        Integer lastStatus,
        String lastError,
        Instant createdAt,
        Instant deliveredAt) {

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
}
