package dev.authpipe.bench;

import dev.authpipe.credential.CredentialKey;
import dev.authpipe.store.Database;
import dev.authpipe.store.Stores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The scheduling cost of the refresh engine and the health checker: finding the due credentials
 * (one batch of 100) among 1,000 and 1,000,000 stored ones, and claiming them (the lease write in
 * one transaction), on the embedded SQLite store. Next-refresh and next-check times are spread over
 * 30 days, 100 of each due. Claims take leases that are already expired, so every iteration finds
 * the same 100 again.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DueScanBenchmark {
    static final int DUE = 100;

    @Param({"1000", "1000000"})
    public int stored;

    private Path dir;
    private Database database;
    private Stores stores;
    private Instant now;

    @Setup(Level.Trial)
    public void fill() throws Exception {
        dir = Files.createTempDirectory("authpipe-due-scan");
        String url = "jdbc:sqlite:" + dir.resolve("authpipe.db");
        database = Database.open(url);
        stores = Stores.on(database, Clock.systemUTC());
        now = Instant.parse("2026-11-28T12:00:00Z");
        insert(url, stored, now);
    }

    /** Rows written straight through JDBC in one transaction: the fastest way to a million. */
    private static void insert(String url, int n, Instant now) throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        long start = now.toEpochMilli();
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO projects (id, name, allowed_origins, created_at)"
                    + " VALUES ('prj_bench', 'bench', '[]', 0)")) {
                p.executeUpdate();
            }
            try (PreparedStatement p =
                            c.prepareStatement("INSERT INTO credentials (id, project_id, provider, tenant_id,"
                                    + " credential_for, user_id, status, access_token, refresh_token, token_type, expires_at, scopes,"
                                    + " metadata, created_at, updated_at, version, next_refresh_at, refresh_failures)"
                                    + " VALUES (?, 'prj_bench', 'harvest', ?, 'installation', '', 'active', 'v1.x', 'v1.y', 'bearer', ?,"
                                    + " '[]', '{}', 0, 0, 0, ?, 0)");
                    PreparedStatement h = c.prepareStatement("INSERT INTO credential_health (project_id, provider,"
                            + " tenant_id, credential_for, user_id, health, failures, next_check_at)"
                            + " VALUES ('prj_bench', 'harvest', ?, 'installation', '', 'healthy', 0, ?)")) {
                for (int i = 0; i < n; i++) {
                    long next = i < DUE
                            ? start - 1_000 - i
                            : start
                                    + 60_000
                                    + random.nextLong(Duration.ofDays(30).toMillis());
                    p.setString(1, "cred_" + i);
                    p.setString(2, "tenant_" + i);
                    p.setLong(3, next + Duration.ofDays(1).toMillis());
                    p.setLong(4, next);
                    p.addBatch();
                    h.setString(1, "tenant_" + i);
                    h.setLong(2, next);
                    h.addBatch();
                    if (i % 10_000 == 9_999) {
                        p.executeBatch();
                        h.executeBatch();
                    }
                }
                p.executeBatch();
                h.executeBatch();
            }
            c.commit();
        }
    }

    @Benchmark
    public List<CredentialKey> findDue() {
        List<CredentialKey> due = stores.credentials().due(now, DUE);
        if (due.size() != DUE) {
            throw new IllegalStateException("expected " + DUE + " due, found " + due.size());
        }
        return due;
    }

    @Benchmark
    public List<CredentialKey> claimDueRefreshes() {
        return expect(stores.credentials().claimDue(now, DUE, "bench", now.minusMillis(1)));
    }

    @Benchmark
    public List<CredentialKey> claimDueChecks() {
        return expect(stores.health().claimDue(now, DUE, "bench", now.minusMillis(1)));
    }

    private static List<CredentialKey> expect(List<CredentialKey> claimed) {
        if (claimed.size() != DUE) {
            throw new IllegalStateException("expected " + DUE + " claimed, got " + claimed.size());
        }
        return claimed;
    }

    @TearDown(Level.Trial)
    public void drop() throws IOException {
        database.close();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}
