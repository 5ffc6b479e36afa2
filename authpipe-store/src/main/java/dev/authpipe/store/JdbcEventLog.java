package dev.authpipe.store;

import dev.authpipe.events.Event;
import dev.authpipe.events.EventLog;
import dev.authpipe.events.EventType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

final class JdbcEventLog implements EventLog {
    private final Sql sql;
    private final Database db;

    JdbcEventLog(Database db) {
        this.db = db;
        this.sql = new Sql(db);
    }

    /**
     * Appends in the caller's transaction. Readers page by {@code seq > cursor}, so sequence order
     * must be commit order: on PostgreSQL a per-project advisory lock, held to commit, makes
     * appenders of one project take turns (a sequence value taken earlier but committed later
     * would otherwise be skipped by a reader); SQLite writers already take turns.
     */
    @Override
    public Event append(Event e) {
        return db.inTransaction(() -> insert(e));
    }

    private Event insert(Event e) {
        if (db.dialect() == Dialect.POSTGRESQL) {
            sql.one("SELECT pg_advisory_xact_lock(hashtext(?))", rs -> 1, "authpipe.events/" + e.projectId());
        }
        sql.update(
                "INSERT INTO events (id, project_id, type, created_at, data) VALUES (?, ?, ?, ?, ?)",
                e.id(),
                e.projectId(),
                e.type().wire(),
                e.createdAt().toEpochMilli(),
                Json.write(e.data()));
        long seq = sql.one("SELECT seq FROM events WHERE id = ?", rs -> rs.getLong(1), e.id())
                .orElseThrow();
        return new Event(seq, e.id(), e.projectId(), e.type(), e.createdAt(), e.data());
    }

    @Override
    public List<Event> page(String projectId, long after, int limit) {
        return sql.list(
                "SELECT seq, id, project_id, type, created_at, data FROM events WHERE project_id = ? AND seq > ?"
                        + " ORDER BY seq LIMIT ?",
                JdbcEventLog::map,
                projectId,
                after,
                limit);
    }

    private static Event map(ResultSet rs) throws SQLException {
        return new Event(
                rs.getLong("seq"),
                rs.getString("id"),
                rs.getString("project_id"),
                EventType.parse(rs.getString("type")).orElseThrow(),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Json.objectMap(rs.getString("data")));
    }
}
