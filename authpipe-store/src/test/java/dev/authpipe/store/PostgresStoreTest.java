package dev.authpipe.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authpipe.credential.CredentialKey;
import dev.authpipe.events.Event;
import dev.authpipe.events.EventType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The store contract on PostgreSQL, in a schema of this class's own that is dropped afterwards.
 * The server comes from {@code AUTHPIPE_TEST_POSTGRES_URL}; when it cannot be reached the class
 * fails rather than skips, since CI always starts one.
 */
class PostgresStoreTest extends StoreContract {
    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=postgres";

    private final String serverUrl = serverUrl();
    private final String schema =
            "authpipe_t_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
    private boolean created;
    private final List<String> otherSchemas = new ArrayList<>();

    @Override
    String createDatabase() {
        try (Connection c = DriverManager.getConnection(serverUrl);
                Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
            created = true;
        } catch (SQLException e) {
            throw new AssertionError(
                    "PostgreSQL is not reachable at " + redacted(serverUrl) + " (" + e.getMessage() + ")."
                            + " Start it, e.g. `pg_ctlcluster --skip-systemctl-redirect <version> main start`,"
                            + " or set AUTHPIPE_TEST_POSTGRES_URL to a reachable server.",
                    e);
        }
        return serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    void dropDatabase() throws SQLException {
        if (!created) {
            return;
        }
        try (Connection c = DriverManager.getConnection(serverUrl);
                Statement st = c.createStatement()) {
            for (String other : otherSchemas) {
                st.execute("DROP SCHEMA IF EXISTS " + other + " CASCADE");
            }
            st.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Override
    String anotherEmptyDatabase() throws SQLException {
        String other = schema + "_" + (otherSchemas.size() + 1);
        try (Connection c = DriverManager.getConnection(serverUrl);
                Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + other);
            otherSchemas.add(other);
        }
        return serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + other;
    }

    /**
     * With statistics of a table where few credentials are scheduled and fewer due, the planner
     * walks the partial index on its own, and the answer stays exact at that size.
     */
    @Test
    void theDueQueryIsServedByTheNextRefreshIndexOnItsOwn() {
        String projectId = newProject();
        int rows = 20_000;
        try {
            // One in 50 scheduled in the future, one in 1,000 due; the rest unscheduled.
            execute(
                    db,
                    "INSERT INTO credentials (id, project_id, provider, tenant_id, credential_for, user_id, status,"
                            + " access_token, token_type, scopes, metadata, created_at, updated_at, version,"
                            + " next_refresh_at)"
                            + " SELECT 'bulk_' || ? || '_' || g, ?, 'harvest', 't' || g, 'installation', '', 'active',"
                            + " 'v1.x', 'bearer', '[]', '{}', 0, 0, 1,"
                            + " CASE WHEN g % 1000 = 0 THEN ? - g WHEN g % 50 = 0 THEN ? + g END"
                            + " FROM generate_series(1, ?) AS g",
                    projectId,
                    projectId,
                    T0.toEpochMilli(),
                    T0.plus(Duration.ofDays(1)).toEpochMilli(),
                    rows);
            execute(db, "ANALYZE credentials");

            String plan = duePlan(db, "EXPLAIN ", T0, 100);

            assertThat(plan).contains("credentials_next_refresh").doesNotContain("Seq Scan");
            assertThat(genericDuePlan())
                    .as("the plan the server may settle on for the driver's prepared statement")
                    .contains("credentials_next_refresh")
                    .doesNotContain("Seq Scan");
            List<CredentialKey> due = stores.credentials().due(T0, 100);
            assertThat(due)
                    .extracting(CredentialKey::tenantId)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, rows / 1000)
                            .map(i -> rows / 1000 + 1 - i)
                            .mapToObj(i -> "t" + i * 1000)
                            .toList());
            assertThat(due).allSatisfy(k -> assertThat(k.userId()).isNull());
        } finally {
            execute(db, "DELETE FROM credentials WHERE project_id = ?", projectId);
        }
    }

    /** Whatever the statistics, the index can serve the query: with sequential scans priced out, it does. */
    @Test
    void theDueQueryCanUseTheNextRefreshIndexWhenSequentialScansAreOff() {
        String plan = db.inTransaction(() -> {
            execute(db, "SET LOCAL enable_seqscan = off");
            return duePlan(db, "EXPLAIN ", T0, 100);
        });

        assertThat(plan).contains("credentials_next_refresh");
    }

    @Override
    Dialect expectedDialect() {
        return Dialect.POSTGRESQL;
    }

    /**
     * PostgreSQL hands out sequences at insert but makes rows visible at commit, so a transaction
     * that appended first can commit after one that appended later. A poller that moved its cursor
     * past the later event must still receive the earlier one. (On SQLite writers are serialised,
     * so sequence order is commit order and this cannot arise.)
     */
    @Test
    void anEventCommittedAfterALaterSequenceIsNotSkippedByACursorReader() throws Exception {
        String projectId = newProject();
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Event> slow = pool.submit(() -> db.inTransaction(() -> {
                Event e = stores.events().append(event(projectId, EventType.CREDENTIAL_REFRESHED, Map.of()));
                appended.countDown();
                awaitQuietly(release);
                return e;
            }));
            assertThat(appended.await(Race.PATIENCE.toSeconds(), TimeUnit.SECONDS))
                    .isTrue();
            Future<Event> fast =
                    pool.submit(() -> stores.events().append(event(projectId, EventType.USER_AUTHORIZED, Map.of())));
            // Let the later append commit if the store lets it run alongside the open transaction; a
            // store that serialises appends (also correct) makes it wait for the release instead.
            try {
                fast.get(5, TimeUnit.SECONDS);
            } catch (TimeoutException serialised) {
                // fine: nothing committed out of order
            }

            List<Event> firstPoll = stores.events().page(projectId, 0, 100);
            long cursor = firstPoll.isEmpty()
                    ? 0
                    : firstPoll.get(firstPoll.size() - 1).sequence();
            release.countDown();
            Event slowEvent = slow.get(Race.PATIENCE.toSeconds(), TimeUnit.SECONDS);
            Event fastEvent = fast.get(Race.PATIENCE.toSeconds(), TimeUnit.SECONDS);
            List<Event> secondPoll = stores.events().page(projectId, cursor, 100);

            List<String> delivered = new ArrayList<>();
            firstPoll.forEach(e -> delivered.add(e.id()));
            secondPoll.forEach(e -> delivered.add(e.id()));
            assertThat(delivered).containsExactlyInAnyOrder(slowEvent.id(), fastEvent.id());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    /** The due query's generic plan (no parameter values), as a server-side prepared statement gets it. */
    private String genericDuePlan() {
        String numbered =
                DUE_SQL.replaceFirst("\\?", "\\$1").replaceFirst("\\?", "\\$2").replaceFirst("\\?", "\\$3");
        return db.inTransaction(() -> db.withConnection(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL plan_cache_mode = force_generic_plan");
                st.execute("PREPARE due_generic (bigint, bigint, integer) AS " + numbered);
                try (ResultSet rs = st.executeQuery("EXPLAIN EXECUTE due_generic (0, 0, 100)")) {
                    StringBuilder plan = new StringBuilder();
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                    return plan.toString();
                } finally {
                    st.execute("DEALLOCATE due_generic");
                }
            }
        }));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertThat(latch.await(Race.PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String serverUrl() {
        String configured = System.getenv("AUTHPIPE_TEST_POSTGRES_URL");
        return configured == null || configured.isBlank() ? DEFAULT_URL : configured.strip();
    }

    /** The URL without a password, for messages. */
    private static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
