package dev.authpipe.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authpipe.credential.Credential;
import dev.authpipe.credential.CredentialKey;
import dev.authpipe.credential.Integration;
import dev.authpipe.credential.Project;
import dev.authpipe.events.Event;
import dev.authpipe.events.EventType;
import dev.authpipe.vault.KeyScope;
import dev.authpipe.vault.SealContext;
import dev.authpipe.vault.Sealed;
import dev.authpipe.vault.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a SQLite file, plus what only a file-backed database has to prove. */
class SqliteStoreTest extends StoreContract {
    @TempDir
    static Path dir;

    @Override
    String createDatabase() {
        return "jdbc:sqlite:" + dir.resolve("authpipe.db");
    }

    @Override
    void dropDatabase() {
        // @TempDir removes the file.
    }

    @Override
    Dialect expectedDialect() {
        return Dialect.SQLITE;
    }

    @Override
    String anotherEmptyDatabase() {
        return "jdbc:sqlite:" + dir.resolve("empty-" + UUID.randomUUID() + ".db");
    }

    /** The scheduler's poll walks the partial index from its start, which also gives the order. */
    @Test
    void theDueQueryIsServedByTheNextRefreshIndex() {
        String plan = duePlan(db, "EXPLAIN QUERY PLAN ", T0, 100);

        assertThat(plan).contains("USING INDEX credentials_next_refresh").doesNotContain("TEMP B-TREE");
    }

    @Test
    void everyPooledConnectionRunsWalWithForeignKeysFullSyncAndABusyTimeout() throws Exception {
        for (String check : new String[] {"journal_mode", "foreign_keys", "synchronous", "busy_timeout"}) {
            // Ask on several threads so more than one pooled connection answers.
            for (int i = 0; i < 3; i++) {
                String value = Race.onAnotherThread(() -> pragma(db, check));
                assertThat(value)
                        .as(check)
                        .isEqualTo(
                                switch (check) {
                                    case "journal_mode" -> "wal";
                                    case "foreign_keys" -> "1";
                                    case "synchronous" -> "2";
                                    default -> "10000";
                                });
            }
        }
    }

    @Test
    void closingAndReopeningTheFileKeepsEverything() {
        Path file = dir.resolve("reopen/nested/authpipe.db");
        String fileUrl = "jdbc:sqlite:" + file;
        String projectId;
        CredentialKey key;
        Credential credential;
        Integration integration;
        Event event;
        KeyScope scope;
        Sealed sealed;
        try (Database first = Database.open(fileUrl)) {
            assertThat(Files.isRegularFile(file)).as("the directory is created").isTrue();
            Stores s = Stores.on(first, Clock.fixed(T0, ZoneOffset.UTC));
            projectId = unique("prj");
            s.projects().create(new Project(projectId, "Durable", List.of(), T0), unique("hash"), "sk_d");
            key = installation(projectId, "harvest", "acme");
            credential = s.credentials().upsert(credential(key));
            integration = s.integrations().upsert(integration(projectId, "harvest", "c", "s", T0));
            event = s.events().append(event(projectId, EventType.INSTALLATION_CREATED, Map.of("durable", true)));
            scope = KeyScope.tenant(projectId, "acme");
            sealed = newVault(s.keyrings()).seal(new SealContext(scope, "r", "f"), Secret.of("kept"));
        }

        for (int reopen = 0; reopen < 2; reopen++) {
            try (Database again = Database.open(fileUrl)) {
                Stores s = Stores.on(again, Clock.systemUTC());
                assertThat(s.projects().find(projectId)).isPresent();
                assertThat(s.credentials().find(key)).contains(credential);
                assertThat(s.integrations().find(projectId, "harvest")).contains(integration);
                assertThat(s.events().page(projectId, 0, 10)).containsExactly(event);
                assertThat(newVault(s.keyrings())
                                .open(new SealContext(scope, "r", "f"), sealed)
                                .reveal())
                        .isEqualTo("kept");
            }
        }
    }

    /**
     * {@code :memory:} names a private database per connection, so a pooled in-memory database
     * must either be refused or be made one database every connection shares.
     */
    @Test
    void anInMemoryUrlIsRefusedOrSharedByEveryPooledConnection() throws Exception {
        Database memory;
        try {
            memory = Database.open("jdbc:sqlite::memory:");
        } catch (IllegalArgumentException refused) {
            return;
        }
        try (memory) {
            Stores s = Stores.on(memory, Clock.systemUTC());
            for (int round = 0; round < 20; round++) {
                List<String> outcomes = Race.among(8, i -> {
                    try {
                        return s.projects().find("prj_none").isEmpty() ? "ok" : "found";
                    } catch (StoreException e) {
                        return String.valueOf(e.getCause());
                    }
                });
                assertThat(outcomes).as("round %d", round).containsOnly("ok");
            }
        }
    }

    /**
     * A read whose row mapping fails halfway must still reset its (cached, reused) statement: a
     * SQLite statement left mid-result keeps its connection's read transaction open, so later
     * reads on that pooled connection would keep seeing the database as it was then. Seven
     * connections of the pool of eight are held, so every store call here runs on the eighth.
     */
    @Test
    void aReadThatFailsHalfwayDoesNotPinItsConnectionToAnOldSnapshot() throws Exception {
        String projectId = newProject();
        CredentialKey acme = installation(projectId, "harvest", "acme");
        stores.credentials().upsert(credential(acme));
        stores.credentials().upsert(credential(user(projectId, "harvest", "acme", "alice")));
        Credential bob = stores.credentials().upsert(credential(user(projectId, "harvest", "acme", "bob")));
        stores.credentials().upsert(credential(user(projectId, "harvest", "acme", "carol")));
        execute(db, "UPDATE credentials SET metadata = ? WHERE id = ?", "{not json", bob.id());
        CredentialKey probe = installation(projectId, "harvest", "probe");
        String probeId = stores.credentials().upsert(credential(probe)).id();

        int holders = 7;
        CountDownLatch held = new CountDownLatch(holders);
        CountDownLatch writeNow = new CountDownLatch(1);
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(holders);
        try {
            List<Future<Void>> holding = new ArrayList<>();
            for (int i = 0; i < holders; i++) {
                boolean writer = i == 0;
                holding.add(pool.submit(() -> db.withConnection(c -> {
                    held.countDown();
                    if (writer) {
                        await(writeNow);
                        try (PreparedStatement ps =
                                c.prepareStatement("UPDATE credentials SET token_type = ? WHERE id = ?")) {
                            ps.setString(1, "written-elsewhere");
                            ps.setString(2, probeId);
                            ps.executeUpdate();
                        }
                        written.countDown();
                    }
                    await(release);
                    return null;
                })));
            }
            await(held);

            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> stores.credentials().listUsers(acme, null, 10))
                        .as("the second of three rows is unreadable")
                        .isInstanceOf(RuntimeException.class);
            }
            assertThat(stores.credentials().find(probe).orElseThrow().tokenType())
                    .isEqualTo("Bearer");
            writeNow.countDown();
            await(written);

            assertThat(stores.credentials().find(probe).orElseThrow().tokenType())
                    .as("a write committed on another connection is seen")
                    .isEqualTo("written-elsewhere");
            release.countDown();
            for (Future<Void> f : holding) {
                f.get(Race.PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            writeNow.countDown();
            release.countDown();
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(Race.PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String pragma(Database database, String name) {
        return database.withConnection(c -> {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("PRAGMA " + name)) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        });
    }
}
