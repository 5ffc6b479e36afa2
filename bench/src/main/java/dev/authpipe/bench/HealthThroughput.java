package dev.authpipe.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Health-check throughput: N Harvest credentials, all due, checked by the health sweeper against
 * the local Harvest sandbox (two requests each: the accounts endpoint and users/me).
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.authpipe.bench.HealthThroughput [n] [jdbc-url]}
 */
public final class HealthThroughput {
    private HealthThroughput() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        Path dir = Files.createTempDirectory("authpipe-health-bench");
        String url = args.length > 1 ? args[1] : "jdbc:sqlite:" + dir.resolve("authpipe.db");
        MovableClock clock = new MovableClock(Instant.now());
        try (BenchBroker broker = BenchBroker.start(url, clock)) {
            // n installations with one real sandbox token, valid for Harvest's 14 days.
            String key = broker.createProject();
            Map<String, String> endpoints = new LinkedHashMap<>();
            endpoints.put("token", "/api/v2/oauth2/token");
            endpoints.put("accounts", "/api/v2/accounts");
            endpoints.put("healthCheck", "/v2/users/me");
            broker.configureHarvest(key, endpoints);
            BenchBroker.Tokens tokens = broker.sandboxTokens();
            broker.importInstallations(
                    key,
                    n,
                    i -> tokens.access(),
                    tokens.refresh(),
                    clock.instant().plus(Duration.ofDays(14)));

            clock.advance(Duration.ofHours(7));
            long requestsBefore = broker.harvest.requests().size();
            long started = System.nanoTime();
            int checked = 0;
            int pass;
            while ((pass = broker.server.runDueHealthChecks()) > 0) {
                checked += pass;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    "store=%s credentials=%d checked=%d provider-requests=%d seconds=%.2f checks/s=%.0f%n",
                    broker.storeName(),
                    n,
                    checked,
                    broker.harvest.requests().size() - requestsBefore,
                    seconds,
                    checked / seconds);
        }
    }

    /** A clock the benchmark moves past the first checks' due times. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
