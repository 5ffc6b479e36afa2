package dev.authpipe.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Plain JDBC with positional parameters: the only place statements are prepared and bound. */
final class Sql {
    private final Database db;

    Sql(Database db) {
        this.db = db;
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    int update(String sql, Object... params) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = prepare(c, sql, params)) {
                return ps.executeUpdate();
            }
        });
    }

    <T> Optional<T> one(String sql, Row<T> row, Object... params) {
        List<T> rows = list(sql, row, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    <T> List<T> list(String sql, Row<T> row, Object... params) {
        return db.withConnection(c -> {
            if (db.statements() != null) {
                PreparedStatement cached = bind(db.statements().prepare(c, sql), params);
                try (ResultSet rs = cached.executeQuery()) {
                    return rows(rs, row);
                }
            }
            try (PreparedStatement ps = prepare(c, sql, params);
                    ResultSet rs = ps.executeQuery()) {
                return rows(rs, row);
            }
        });
    }

    private static <T> List<T> rows(ResultSet rs, Row<T> row) throws SQLException {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
            out.add(row.map(rs));
        }
        return out;
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        return bind(c.prepareStatement(sql), params);
    }

    private static PreparedStatement bind(PreparedStatement ps, Object... params) throws SQLException {
        try {
            for (int i = 0; i < params.length; i++) {
                Object p = params[i];
                if (p == null) {
                    ps.setNull(i + 1, Types.NULL);
                } else if (p instanceof Long l) {
                    ps.setLong(i + 1, l);
                } else if (p instanceof Integer n) {
                    ps.setInt(i + 1, n);
                } else if (p instanceof String s) {
                    ps.setString(i + 1, s);
                } else {
                    throw new IllegalArgumentException(
                            "unsupported parameter type " + p.getClass().getSimpleName());
                }
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /** A nullable BIGINT column. */
    static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
