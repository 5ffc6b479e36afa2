package dev.authpipe.events;

import dev.authpipe.credential.BrokerException;
import dev.authpipe.vault.Randomness;
import dev.authpipe.vault.Secret;
import dev.authpipe.vault.Vault;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
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
    private final boolean allowPrivateAddresses;

    public Webhooks(WebhookStore store, Vault vault, Clock clock, boolean allowPrivateAddresses) {
        this.store = store;
        this.vault = vault;
        this.clock = clock;
        this.allowPrivateAddresses = allowPrivateAddresses;
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
        if (!allowPrivateAddresses) {
            requirePublic(uri.getHost());
        }
    }

    void requirePublic(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new BrokerException(
                    BrokerException.Kind.INVALID, "webhook_url_not_allowed", "The webhook host does not resolve.");
        }
        for (InetAddress a : addresses) {
            if (isPrivate(a)) {
                throw new BrokerException(
                        BrokerException.Kind.INVALID,
                        "webhook_url_not_allowed",
                        "The webhook host resolves to a loopback, private or link-local address, which this server forbids.");
            }
        }
    }

    static boolean isPrivate(InetAddress a) {
        byte[] b = a.getAddress();
        boolean uniqueLocalV6 = b.length == 16 && (b[0] & 0xfe) == 0xfc;
        boolean carrierNat = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        return a.isLoopbackAddress()
                || a.isSiteLocalAddress()
                || a.isLinkLocalAddress()
                || a.isAnyLocalAddress()
                || a.isMulticastAddress()
                || uniqueLocalV6
                || carrierNat;
    }
}
