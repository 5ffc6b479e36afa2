package dev.authpipe.store;

import dev.authpipe.credential.Ids;
import dev.authpipe.events.Delivery;
import dev.authpipe.events.Event;
import dev.authpipe.events.Webhook;
import dev.authpipe.events.WebhookStore;
import dev.authpipe.vault.Sealed;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class JdbcWebhookStore implements WebhookStore {
    private static final String DELIVERY_COLUMNS = "id, project_id, event_id, event_seq, type, ordering_key, payload,"
            + " status, attempts, next_attempt_at, last_status, last_error, created_at, delivered_at";

    private final Sql sql;
    private final Database db;

    JdbcWebhookStore(Database db) {
        this.db = db;
        this.sql = new Sql(db);
    }

    @Override
    public void upsert(Webhook w) {
        sql.update(
                "INSERT INTO webhooks (project_id, url, events, secret, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (project_id) DO UPDATE SET url = excluded.url, events = excluded.events,"
                        + " secret = excluded.secret, updated_at = excluded.updated_at",
                w.projectId(),
                w.url(),
                w.events() == null ? null : Json.write(w.events()),
                w.secret().toText(),
                w.createdAt().toEpochMilli(),
                w.updatedAt().toEpochMilli());
    }

    @Override
    public Optional<Webhook> find(String projectId) {
        return sql.one(
                "SELECT project_id, url, events, secret, created_at, updated_at FROM webhooks WHERE project_id = ?",
                rs -> new Webhook(
                        rs.getString("project_id"),
                        rs.getString("url"),
                        rs.getString("events") == null ? null : Json.strings(rs.getString("events")),
                        Sealed.fromText(rs.getString("secret")),
                        Instant.ofEpochMilli(rs.getLong("created_at")),
                        Instant.ofEpochMilli(rs.getLong("updated_at"))),
                projectId);
    }

    @Override
    public boolean delete(String projectId) {
        return db.inTransaction(() -> {
            sql.update("DELETE FROM webhook_deliveries WHERE project_id = ? AND status = 'pending'", projectId);
            return sql.update("DELETE FROM webhooks WHERE project_id = ?", projectId) > 0;
        });
    }

    @Override
    public void enqueue(Event event, String orderingKey, String payload, Instant now) {
        sql.update(
                "INSERT INTO webhook_deliveries (id, project_id, event_id, event_seq, type, ordering_key, payload, status,"
                        + " attempts, next_attempt_at, created_at) SELECT ?, project_id, ?, ?, ?, ?, ?, 'pending', 0, ?, ?"
                        + " FROM webhooks WHERE project_id = ? AND (events IS NULL OR events LIKE ?)",
                Ids.newId("dlv"),
                event.id(),
                event.sequence(),
                event.type().wire(),
                orderingKey,
                payload,
                now.toEpochMilli(),
                now.toEpochMilli(),
                event.projectId(),
                "%\"" + event.type().wire() + "\"%");
    }

    @Override
    public List<Delivery> claimDue(Instant now, int limit, String owner, Instant until) {
        return db.inTransaction(() -> {
            List<Delivery> candidates = sql.list(
                    "SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries d WHERE d.status = 'pending'"
                            + " AND d.next_attempt_at <= ? AND (d.lease_until IS NULL OR d.lease_until < ?)"
                            + " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.status = 'pending'"
                            + " AND e.project_id = d.project_id AND e.ordering_key = d.ordering_key"
                            + " AND e.event_seq < d.event_seq)"
                            + " ORDER BY d.next_attempt_at LIMIT ?",
                    JdbcWebhookStore::map,
                    now.toEpochMilli(),
                    now.toEpochMilli(),
                    limit);
            List<Delivery> claimed = new ArrayList<>();
            for (Delivery d : candidates) {
                int taken = sql.update(
                        "UPDATE webhook_deliveries SET lease_owner = ?, lease_until = ? WHERE id = ? AND status = 'pending'"
                                + " AND (lease_until IS NULL OR lease_until < ?)",
                        owner,
                        until.toEpochMilli(),
                        d.id(),
                        now.toEpochMilli());
                if (taken == 1) {
                    claimed.add(d);
                }
            }
            return claimed;
        });
    }

    @Override
    public void markDelivered(String id, int status, Instant now) {
        sql.update(
                "UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_status = ?,"
                        + " last_error = NULL, delivered_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ?",
                status,
                now.toEpochMilli(),
                id);
    }

    @Override
    public void markFailed(String id, Integer status, String error, Instant nextAttemptAt) {
        sql.update(
                "UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = ?, last_error = ?,"
                        + " next_attempt_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ?",
                status,
                error == null ? null : error.substring(0, Math.min(error.length(), 500)),
                nextAttemptAt.toEpochMilli(),
                id);
    }

    @Override
    public List<Delivery> page(String projectId, String status, Instant beforeCreated, String beforeId, int limit) {
        List<Object> params = new ArrayList<>(List.of(projectId));
        StringBuilder where = new StringBuilder("project_id = ?");
        if (status != null) {
            where.append(" AND status = ?");
            params.add(status);
        }
        if (beforeCreated != null) {
            where.append(" AND (created_at < ? OR (created_at = ? AND id < ?))");
            params.add(beforeCreated.toEpochMilli());
            params.add(beforeCreated.toEpochMilli());
            params.add(beforeId);
        }
        params.add(limit);
        return sql.list(
                "SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries WHERE " + where
                        + " ORDER BY created_at DESC, id DESC LIMIT ?",
                JdbcWebhookStore::map,
                params.toArray());
    }

    @Override
    public long countPending() {
        return sql.one("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending'", rs -> rs.getLong(1))
                .orElse(0L);
    }

    private static Delivery map(ResultSet rs) throws SQLException {
        long lastStatus = rs.getLong("last_status");
        boolean noStatus = rs.wasNull();
        return new Delivery(
                rs.getString("id"),
                rs.getString("project_id"),
                rs.getString("event_id"),
                rs.getLong("event_seq"),
                rs.getString("type"),
                rs.getString("ordering_key"),
                rs.getString("payload"),
                rs.getString("status"),
                rs.getInt("attempts"),
                Instant.ofEpochMilli(rs.getLong("next_attempt_at")),
                noStatus ? null : (int) lastStatus,
                rs.getString("last_error"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                JdbcConnectSessionStore.instant(Sql.longOrNull(rs, "delivered_at")));
    }
}
