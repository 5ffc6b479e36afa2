package dev.authpipe.events;

import dev.authpipe.credential.BrokerException;
import dev.authpipe.vault.Hmac;
import dev.authpipe.vault.Secret;
import dev.authpipe.vault.Vault;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox: claims due deliveries (the oldest pending one per credential, so each
 * credential's events arrive in order), POSTs each signed, and records the outcome. A
 * {@link dev.authpipe.background.Sweeper} drives it. Anything but a
 * 2xx is retried with exponential back-off (10 s doubling to an hour, jittered), indefinitely; the
 * attempts are visible through the API. Runs on its own threads: a slow or failing endpoint never
 * touches credential reads.
 */
public final class WebhookDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(10);
    static final Duration LONGEST_RETRY = Duration.ofHours(1);
    /** Longer than a batch of deliveries can take (100 at 10 seconds each, eight at a time). */
    private static final Duration LEASE = Duration.ofMinutes(5);

    private final WebhookStore store;
    private final Webhooks webhooks;
    private final Vault vault;
    private final HttpClient http;
    private final Clock clock;
    private final String owner;
    private final RandomGenerator random;

    public WebhookDispatcher(
            WebhookStore store,
            Webhooks webhooks,
            Vault vault,
            HttpClient http,
            Clock clock,
            String owner,
            RandomGenerator random) {
        this.store = store;
        this.webhooks = webhooks;
        this.vault = vault;
        this.http = http;
        this.clock = clock;
        this.owner = owner;
        this.random = random;
    }

    /** Claims up to {@code limit} due deliveries for this node (the sweeper's claim). */
    public List<Delivery> claim(int limit) {
        Instant now = clock.instant();
        return store.claimDue(now, limit, owner, now.plus(LEASE));
    }

    /** Sends one claimed delivery and records the outcome. Never throws for a failed delivery. */
    public void deliver(Delivery d) {
        Optional<Webhook> webhook = webhooks.find(d.projectId());
        if (webhook.isEmpty()) {
            store.markFailed(
                    d.id(), null, "no webhook is configured", clock.instant().plus(LONGEST_RETRY));
            return;
        }
        Integer status = null;
        String error;
        try {
            webhooks.requireAllowed(URI.create(webhook.get().url()).getHost());
            Secret secret = vault.open(
                    Webhook.secretContext(d.projectId()), webhook.get().secret());
            long t = clock.instant().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create(webhook.get().url()))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Authpipe-Webhooks/0.1")
                    .header("Authpipe-Signature", signature(secret, t, d.payload()))
                    .header("Authpipe-Event-Id", d.eventId())
                    .header("Authpipe-Delivery-Id", d.id())
                    .POST(HttpRequest.BodyPublishers.ofString(d.payload()))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            status = response.statusCode();
            if (status >= 200 && status < 300) {
                store.markDelivered(d.id(), status, clock.instant());
                return;
            }
            error = "HTTP " + status;
        } catch (BrokerException e) {
            error = e.getMessage();
        } catch (IOException | IllegalArgumentException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        Instant next = clock.instant().plus(backoff(d.attempts() + 1));
        store.markFailed(d.id(), status, error, next);
        LOG.info(
                "webhook delivery {} of event {} failed ({}), attempt {}; next at {}",
                d.id(),
                d.eventId(),
                error,
                d.attempts() + 1,
                next);
    }

    /** {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}. */
    public static String signature(Secret secret, long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + Hmac.sha256Hex(secret, unixSeconds + "." + body);
    }

    Duration backoff(int attempts) {
        Duration d = FIRST_RETRY;
        for (int i = 1; i < attempts && d.compareTo(LONGEST_RETRY) < 0; i++) {
            d = d.multipliedBy(2);
        }
        if (d.compareTo(LONGEST_RETRY) > 0) {
            d = LONGEST_RETRY;
        }
        return d.minusMillis(random.nextLong(d.toMillis() / 4 + 1));
    }
}
