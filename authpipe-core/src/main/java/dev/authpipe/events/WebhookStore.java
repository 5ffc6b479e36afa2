package dev.authpipe.events;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Webhook endpoints and the durable outbox of their deliveries. */
public interface WebhookStore {
    void upsert(Webhook webhook);

    Optional<Webhook> find(String projectId);

    /** Removes the webhook and the deliveries still waiting for it (delivered history stays). */
    boolean delete(String projectId);

    /**
     * Queues {@code event} for the project's webhook if it has one that receives this type, in the
     * caller's transaction (so an event is queued exactly when it is committed).
     */
    void enqueue(Event event, String orderingKey, String payload, Instant now);

    /**
     * Claims up to {@code limit} pending deliveries whose attempt is due, each the oldest pending one
     * of its ordering key, for {@code owner} until {@code until}.
     */
    List<Delivery> claimDue(Instant now, int limit, String owner, Instant until);

    void markDelivered(String id, int status, Instant now);

    void markFailed(String id, Integer status, String error, Instant nextAttemptAt);

    /** A page of the project's deliveries, newest first, before {@code beforeCreated}/{@code beforeId}. */
    List<Delivery> page(String projectId, String status, Instant beforeCreated, String beforeId, int limit);

    long countPending();
}
