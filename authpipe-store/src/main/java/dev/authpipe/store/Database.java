package dev.authpipe.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.authpipe.credential.Transactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A migrated database behind a connection pool, and the transactions stores join. Each thread in
 * {@link #inTransaction} holds one connection that every store call on that thread uses.
 */
public final class Database implements Transactor, AutoCloseable {
    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final ThreadLocal<Connection> current = new ThreadLocal<>();
    private final StatementCache statements;

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.statements = dialect == Dialect.SQLITE ? new StatementCache() : null;
    }

    /**
     * Opens and migrates the database at {@code jdbcUrl}. For SQLite the file's directory is
     * created and the connection runs in WAL mode with foreign keys on and full sync.
     */
    public static Database open(String jdbcUrl) {
        Dialect dialect = Dialect.of(jdbcUrl);
        if (dialect == Dialect.SQLITE && (jdbcUrl.contains(":memory:") || jdbcUrl.contains("mode=memory"))) {
            // Each pooled connection would get its own private, empty database.
            throw new IllegalArgumentException("in-memory SQLite is not supported; give a file path");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("authpipe");
        config.setAutoCommit(true);
        config.setConnectionTimeout(10_000);
        if (dialect == Dialect.SQLITE) {
            createParentDirectory(jdbcUrl);
            config.setMaximumPoolSize(8);
            config.setMinimumIdle(8);
            config.setMaxLifetime(0);
            config.setIdleTimeout(0);
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "FULL");
            config.addDataSourceProperty("foreign_keys", "true");
            config.addDataSourceProperty("busy_timeout", "10000");
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        } else {
            config.setMaximumPoolSize(16);
        }
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            migrate(dataSource, dialect);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(dataSource, dialect);
    }

    /** The newest migration's version; a test keeps it equal to the newest file in db/migration. */
    static final int LATEST_MIGRATION = 4;

    private static void migrate(DataSource dataSource, Dialect dialect) {
        if (upToDate(dataSource)) {
            return;
        }
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(dialect.placeholders())
                .load()
                .migrate();
    }

    /**
     * Whether every migration up to {@link #LATEST_MIGRATION} is applied: then Flyway, whose
     * classpath scan is a good part of start-up, need not run at all.
     */
    private static boolean upToDate(DataSource dataSource) {
        try (Connection c = dataSource.getConnection();
                java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery(
                        "SELECT COUNT(*), MAX(CAST(version AS INTEGER)) FROM flyway_schema_history WHERE success = TRUE"
                                + " AND version IS NOT NULL")) {
            return rs.next() && rs.getInt(1) == LATEST_MIGRATION && rs.getInt(2) == LATEST_MIGRATION;
        } catch (SQLException noHistoryYet) {
            return false;
        }
    }

    private static void createParentDirectory(String jdbcUrl) {
        String path = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.isEmpty() || path.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the database directory " + parent, e);
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Reusable read statements, on SQLite only; null otherwise. */
    StatementCache statements() {
        return statements;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (current.get() != null) {
            return work.get();
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            current.set(connection);
            try {
                T result = work.get();
                // Leaving manual-commit mode commits (JDBC). Unlike commit(), it opens no new
                // transaction: the SQLite driver's commit() would begin one at once, taking the write
                // lock again and possibly failing after the commit had succeeded.
                connection.setAutoCommit(true);
                return result;
            } catch (RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                current.remove();
                if (!connection.getAutoCommit()) {
                    connection.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("transaction failed", e);
        }
    }

    /** Runs {@code work} on the thread's transaction connection, or on a pooled one in autocommit. */
    <T> T withConnection(SqlFunction<Connection, T> work) {
        Connection bound = current.get();
        try {
            if (bound != null) {
                return work.apply(bound);
            }
            try (Connection connection = dataSource.getConnection()) {
                return work.apply(connection);
            }
        } catch (SQLException e) {
            throw new StoreException("database call failed", e);
        }
    }

    /** Whether the database answers a trivial query (readiness). */
    public boolean isReachable() {
        try {
            return withConnection(c -> c.isValid(2));
        } catch (StoreException e) {
            return false;
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** A JDBC step that may throw {@link SQLException}. */
    @FunctionalInterface
    interface SqlFunction<A, R> {
        R apply(A argument) throws SQLException;
    }
}
