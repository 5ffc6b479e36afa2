package dev.authpipe.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Refresh throughput: N credentials, all due, refreshed by the scheduler against the local
 * Harvest sandbox on loopback, on the embedded SQLite store (or PostgreSQL given a URL).
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.authpipe.bench.RefreshThroughput [n] [jdbc-url]}
 */
public final class RefreshThroughput {
    private RefreshThroughput() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        Path dir = Files.createTempDirectory("authpipe-refresh-bench");
        String url = args.length > 1 ? args[1] : "jdbc:sqlite:" + dir.resolve("authpipe.db");
        try (BenchBroker broker = BenchBroker.start(url, Clock.systemUTC())) {
            // n credentials that expired a minute ago, all sharing one real sandbox refresh token.
            String key = broker.createProject();
            broker.configureHarvest(key, Map.of("token", "/api/v2/oauth2/token"));
            String refreshToken = broker.sandboxTokens().refresh();
            broker.importInstallations(
                    key, n, i -> "old-" + i, refreshToken, Instant.now().minusSeconds(60));

            long refreshesBefore = broker.harvest.refreshCount();
            long started = System.nanoTime();
            int done = 0;
            int pass;
            while ((pass = broker.server.runDueRefreshes()) > 0) {
                done += pass;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long upstream = broker.harvest.refreshCount() - refreshesBefore;
            System.out.printf(
                    "store=%s credentials=%d refreshed=%d upstream=%d seconds=%.2f refreshes/s=%.0f%n",
                    broker.storeName(), n, done, upstream, seconds, upstream / seconds);
        }
    }
}
