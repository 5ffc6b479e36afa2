package dev.authpipe.events;

import dev.authpipe.credential.BrokerException;
import dev.authpipe.egress.EgressPolicy;
import dev.authpipe.vault.Randomness;
import dev.authpipe.vault.Secret;
import dev.authpipe.vault.Vault;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Configures a project's webhook. URLs must be absolute http(s); loopback and private addresses
 * are allowed unless the server forbids them (a self-hosted backend often runs beside the broker),
 * in which case every address the host resolves to must be public, checked again at each delivery.
 */
public final class Webhooks {
    private final WebhookStore store;
    private final Vault vault;
    private final Clock clock;
    private final EgressPolicy egress;

    public Webhooks(WebhookStore store, Vault vault, Clock clock, EgressPolicy egress) {
        this.store = store;
        this.vault = vault;
        this.clock = clock;
        this.egress = egress;
    }

    /** A configured webhook and, when it was just created or replaced, its signing secret (shown once). */
    public record Configured(Webhook webhook, Secret secret) {}

    /**
     * Sets the endpoint and issues a new signing secret.
     *
     * @throws BrokerException {@code invalid_request} or {@code webhook_url_not_allowed}
     */
    public Configured configure(String projectId, String url, List<String> events) {
        checkUrl(url);
        List<String> types = null;
        if (events != null) {
            Set<String> unique = new LinkedHashSet<>();
            for (String type : events) {
                if (EventType.parse(type).isEmpty()) {
                    throw BrokerException.invalid(
                            "invalid_request",
                            "events: '" + type + "' is not an event type (see GET /openapi.json for the list)");
                }
                unique.add(type);
            }
            types = List.copyOf(unique);
        }
        Secret secret = Secret.of("whsec_" + Randomness.token(32));
        Instant now = clock.instant();
        Instant created = store.find(projectId).map(Webhook::createdAt).orElse(now);
        Webhook webhook =
                new Webhook(projectId, url, types, vault.seal(Webhook.secretContext(projectId), secret), created, now);
        store.upsert(webhook);
        return new Configured(webhook, secret);
    }

    public Optional<Webhook> find(String projectId) {
        return store.find(projectId);
    }

    public boolean delete(String projectId) {
        return store.delete(projectId);
    }

    public List<Delivery> deliveries(
            String projectId, String status, Instant beforeCreated, String beforeId, int limit) {
        return store.page(projectId, status, beforeCreated, beforeId, limit);
    }

    /** Refuses URLs that are not absolute http(s), and private destinations when those are forbidden. */
    public void checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw BrokerException.invalid("invalid_request", "url must be an absolute http(s) URL");
        }
        String scheme = uri.getScheme();
        if (!uri.isAbsolute()
                || uri.getHost() == null
                || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null
                || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                || url.length() > 2048) {
            throw BrokerException.invalid(
                    "invalid_request",
                    "url must be an absolute http(s) URL without credentials or fragment, at most 2048 characters");
        }
        requireAllowed(uri.getHost());
    }

    /** Refuses a host the server's egress policy forbids ({@code webhook_url_not_allowed}). */
    void requireAllowed(String host) {
        egress.refusal(host).ifPresent(why -> {
            throw new BrokerException(
                    BrokerException.Kind.INVALID, "webhook_url_not_allowed", "The webhook host " + why + ".");
        });
    }
}
