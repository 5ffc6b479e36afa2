package dev.authpipe.server;

import dev.authpipe.credential.CredentialStatus;
import dev.authpipe.credential.CredentialStore;
import dev.authpipe.refresh.RefreshListener;
import dev.authpipe.refresh.RefreshReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Refresh metrics for Prometheus: attempts by provider, reason and outcome; their latency; the due
 * backlog; credentials by status. The two gauges query the database, so they are computed at most
 * every few seconds however often {@code /metrics} is scraped.
 */
final class RefreshMetrics implements RefreshListener {
    private final MeterRegistry registry;

    RefreshMetrics(MeterRegistry registry, CredentialStore store, Clock clock) {
        this.registry = registry;
        Supplier<Long> due = memo(() -> store.countDue(clock.instant()), Duration.ofSeconds(5));
        Gauge.builder("authpipe_refresh_due", () -> due.get())
                .description("Credentials whose scheduled refresh time has passed")
                .register(registry);
        Supplier<Map<CredentialStatus, Long>> byStatus = memo(store::countByStatus, Duration.ofSeconds(15));
        for (CredentialStatus status : CredentialStatus.values()) {
            Gauge.builder("authpipe_credentials", () -> byStatus.get().getOrDefault(status, 0L))
                    .description("Stored credentials by status")
                    .tag("status", status.wire())
                    .register(registry);
        }
    }

    @Override
    public void attempted(String provider, RefreshReason reason, Outcome outcome, Duration took) {
        String result = outcome.name().toLowerCase(Locale.ROOT);
        Counter.builder("authpipe_refreshes")
                .description("Refresh attempts at the provider")
                .tag("provider", provider)
                .tag("reason", reason.wire())
                .tag("outcome", result)
                .register(registry)
                .increment();
        Timer.builder("authpipe_refresh_latency")
                .description("Duration of token refresh requests")
                .tag("provider", provider)
                .tag("outcome", result)
                .register(registry)
                .record(took);
    }

    /** A value recomputed at most once per {@code ttl}. */
    private static <T> Supplier<T> memo(Supplier<T> compute, Duration ttl) {
        return new Supplier<>() {
            private T value;
            private long computedAt;

            @Override
            public synchronized T get() {
                long now = System.nanoTime();
                if (value == null || now - computedAt > ttl.toNanos()) {
                    value = compute.get();
                    computedAt = now;
                }
                return value;
            }
        };
    }
}
