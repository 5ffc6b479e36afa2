package dev.authpipe.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Prepared statements kept per physical SQLite connection. SQLite compiles SQL on every prepare,
 * which was most of the cost of a credential read; reusing the compiled statement removes it.
 * (PostgreSQL's driver caches server-side prepared statements itself.) A physical connection is
 * used by one thread at a time, so each connection's statements need no further locking; the pool
 * keeps its SQLite connections for good, so the map stays as small as the pool.
 */
final class StatementCache {
    private final Map<Connection, Map<String, PreparedStatement>> byConnection = new WeakHashMap<>();

    /** A ready statement for {@code sql} on {@code pooled}'s physical connection. Never close it. */
    PreparedStatement prepare(Connection pooled, String sql) throws SQLException {
        Connection physical = pooled.unwrap(org.sqlite.SQLiteConnection.class);
        Map<String, PreparedStatement> statements;
        synchronized (byConnection) {
            statements = byConnection.computeIfAbsent(physical, c -> new HashMap<>());
        }
        PreparedStatement ps = statements.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = physical.prepareStatement(sql);
            statements.put(sql, ps);
        } else {
            ps.clearParameters();
        }
        return ps;
    }
}
