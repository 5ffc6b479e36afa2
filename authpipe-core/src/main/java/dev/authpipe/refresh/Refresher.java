package dev.authpipe.refresh;

import dev.authpipe.credential.BrokerException;
import dev.authpipe.credential.Credential;
import dev.authpipe.credential.CredentialKey;
import dev.authpipe.credential.CredentialStatus;
import dev.authpipe.credential.CredentialStore;
import dev.authpipe.credential.Integration;
import dev.authpipe.credential.Integrations;
import dev.authpipe.credential.RefreshState;
import dev.authpipe.credential.TokenSealer;
import dev.authpipe.credential.Transactor;
import dev.authpipe.events.EventType;
import dev.authpipe.events.Events;
import dev.authpipe.oauth.ClientCredentials;
import dev.authpipe.oauth.OAuthException;
import dev.authpipe.oauth.ProviderUnavailableException;
import dev.authpipe.oauth.TokenEndpoint;
import dev.authpipe.oauth.TokenGrant;
import dev.authpipe.oauth.TokenResponse;
import dev.authpipe.provider.Provider;
import dev.authpipe.vault.Secret;
import dev.authpipe.vault.Vault;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one refresh path, for reads ({@link #ensureFresh}), the scheduler ({@link #refreshClaimed}) and
 * operators ({@link #forceRefresh}). However many callers want the same credential, one token
 * request goes upstream: callers in this process share one flight; across nodes, the flight holds
 * the credential's lease in the database; after acquiring, it re-reads (someone may have refreshed
 * already). The new token set is sealed and committed with its schedule and event, releasing the
 * lease, in one transaction as soon as the provider answers.
 */
public final class Refresher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Refresher.class);
    /** How long a caller waits for another node's refresh of the same credential to finish. */
    private static final Duration WAIT_FOR_OTHER_NODE = Duration.ofSeconds(45);

    private final CredentialStore store;
    private final Integrations integrations;
    private final Vault vault;
    private final TokenSealer sealer;
    private final TokenEndpoint tokens;
    private final Events events;
    private final CommitBatcher commits;
    private final Clock clock;
    private final RefreshSchedule schedule;
    private final LeaseKeeper leases;
    private final RefreshListener listener;
    private final SingleFlight<CredentialKey, Credential> flights = new SingleFlight<>();
    private final AtomicInteger upstream = new AtomicInteger();
    private volatile boolean closing;

    public Refresher(
            CredentialStore store,
            Integrations integrations,
            Vault vault,
            TokenEndpoint tokens,
            Events events,
            Transactor tx,
            Clock clock,
            RefreshSchedule schedule,
            LeaseKeeper leases,
            RefreshListener listener) {
        this.store = store;
        this.integrations = integrations;
        this.vault = vault;
        this.sealer = new TokenSealer(vault);
        this.tokens = tokens;
        this.events = events;
        this.commits = new CommitBatcher(tx, 64);
        this.clock = clock;
        this.schedule = schedule;
        this.leases = leases;
        this.listener = listener;
    }

    public RefreshSchedule schedule() {
        return schedule;
    }

    public LeaseKeeper leases() {
        return leases;
    }

    /**
     * Returns {@code current} if it is valid for {@code needed}, else the credential after one
     * refresh (shared with every concurrent caller, on every node).
     *
     * @throws BrokerException {@code reconnect_required} (revoked, or not valid long enough and no
     *     refresh token) or {@code provider_unavailable} (a needed refresh failed or is backing off)
     */
    public Credential ensureFresh(Credential current, Duration needed) {
        Instant asked = clock.instant();
        RefreshDecision decision = RefreshPolicy.decide(current, asked, needed);
        if (!decision.refresh()) {
            return usable(current, decision.reason());
        }
        Credential result = flights.run(
                current.key(),
                () -> underLease(
                        current.key(),
                        c -> !refreshedSince(c, asked)
                                && RefreshPolicy.decide(c, clock.instant(), needed)
                                        .refresh(),
                        c -> RefreshPolicy.decide(c, clock.instant(), needed).reason()));
        if (refreshedSince(result, asked)) {
            return result; // as fresh as the provider makes tokens, even if shorter-lived than asked
        }
        return usable(
                result, RefreshPolicy.decide(result, clock.instant(), needed).reason());
    }

    /** Refreshes now, whatever the expiry (an operator's request). */
    public Credential forceRefresh(CredentialKey key) {
        Instant asked = clock.instant();
        return flights.run(
                key,
                () -> underLease(
                        key,
                        c -> c.status() != CredentialStatus.REVOKED && c.hasRefreshToken() && !refreshedSince(c, asked),
                        c -> RefreshReason.FORCED));
    }

    /** Whether a refresh completed at or after {@code asked}: a caller that needed one may take it. */
    private static boolean refreshedSince(Credential c, Instant asked) {
        return c.refreshedAt() != null && !c.refreshedAt().isBefore(asked);
    }

    /**
     * Claims up to {@code limit} due credentials for this node (the scheduler's claim): one
     * transaction through the index on the next refresh time; the leases are renewed from now on.
     */
    public List<CredentialKey> claimDue(int limit) {
        Instant now = clock.instant();
        List<CredentialKey> claimed = store.claimDue(now, limit, leases.owner(), now.plus(leases.ttl()));
        claimed.forEach(leases::adopt);
        return claimed;
    }

    /**
     * Marks a credential revoked because the provider rejected it outside a refresh (a health check
     * answered 401 even after a refresh): status {@code revoked}, no more refreshes, one
     * {@code credential.revoked} event. Nothing happens if the credential was replaced (a reconnect)
     * since it was rejected.
     */
    public void revokeAfterRejection(Credential rejected, String error) {
        CredentialKey key = rejected.key();
        flights.run(key, () -> {
            Credential current = find(key);
            if (current.status() == CredentialStatus.REVOKED || !current.id().equals(rejected.id())) {
                return current;
            }
            Credential revoked = current.withStatus(CredentialStatus.REVOKED, clock.instant())
                    .withRefresh(new RefreshState(null, current.refresh().failures(), null, "revoked: " + error));
            commits.inTransaction(() -> {
                if (store.update(revoked, current.version())) {
                    events.record(EventType.CREDENTIAL_REVOKED, key, Map.of("error", error, "reason", "health_check"));
                }
                return null;
            });
            LOG.warn("credential {} revoked: {}", key, error);
            return find(key);
        });
    }

    /**
     * The scheduler's entry for a credential it has already claimed (its lease is held for this
     * node): refreshes it if it is still due, else gives the lease back.
     */
    public void refreshClaimed(CredentialKey key) {
        try {
            flights.run(key, () -> {
                Credential current = find(key);
                boolean due = current.refresh().nextRefreshAt() != null
                        && !clock.instant().isBefore(current.refresh().nextRefreshAt());
                if (!due) {
                    leases.release(key);
                    return current;
                }
                return refresh(
                        current, current.expiresAt() == null ? RefreshReason.KEEP_ALIVE : RefreshReason.SCHEDULED);
            });
        } catch (BrokerException e) {
            LOG.debug("scheduled refresh of {} ended with {}", key, e.code());
        } catch (RuntimeException e) {
            // Unexpected (a vault or database failure): keep the lease without renewing it, so the
            // credential is tried again once the lease lapses rather than on the very next pass.
            leases.forget(key);
            LOG.warn("scheduled refresh of {} failed: {}", key, e.toString());
        }
    }

    /**
     * Runs {@code refresh} on the credential under its lease while {@code stillNeeded} holds,
     * waiting (polling with a deadline) while another node holds the lease.
     */
    private Credential underLease(
            CredentialKey key, Predicate<Credential> stillNeeded, Function<Credential, RefreshReason> reason) {
        long deadline = System.nanoTime() + WAIT_FOR_OTHER_NODE.toNanos();
        long pauseMillis = 5;
        while (true) {
            Credential current = find(key);
            if (!stillNeeded.test(current)) {
                return current;
            }
            if (leases.acquire(key)) {
                boolean handedOver = false;
                try {
                    Credential reread = find(key);
                    if (!stillNeeded.test(reread)) {
                        return reread;
                    }
                    handedOver = true;
                    return refresh(reread, reason.apply(reread));
                } finally {
                    if (!handedOver) {
                        leases.release(key);
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw BrokerException.unavailable(
                        "provider_unavailable",
                        "Another node's refresh of " + key + " did not finish in time; try again shortly.");
            }
            pause(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 200);
        }
    }

    /** One token request with the lease held; every outcome commits and releases the lease. */
    private Credential refresh(Credential current, RefreshReason reason) {
        Provider provider = integrations.provider(current.key().provider());
        Integration integration;
        Optional<Integration> configured = integrations.find(current.key().projectId(), provider.id());
        if (configured.isEmpty()) {
            // Nothing to call: back off like a failure so the scheduler does not retry at once.
            fail(current, provider, reason, null, "integration_not_configured");
            throw BrokerException.conflict(
                    "integration_not_configured",
                    "The " + provider.displayName()
                            + " integration is not configured, so the credential cannot be refreshed.");
        }
        integration = configured.get();
        if (closing) {
            leases.release(current.key());
            throw BrokerException.unavailable(
                    "provider_unavailable", "The server is shutting down; try again shortly.");
        }
        upstream.incrementAndGet();
        try {
            return refreshUpstream(current, reason, provider, integration);
        } finally {
            upstream.decrementAndGet();
        }
    }

    /** The token request and the commit of its outcome; a shutdown waits for this to finish. */
    private Credential refreshUpstream(
            Credential current, RefreshReason reason, Provider provider, Integration integration) {
        long started = System.nanoTime();
        TokenResponse response;
        try {
            Secret clientSecret = vault.open(
                    Integration.clientSecretContext(integration.projectId(), provider.id()),
                    integration.clientSecret());
            response = tokens.request(
                    integration.endpoint(provider, "token").orElseThrow(),
                    provider.oauth(),
                    new ClientCredentials(integration.clientId(), clientSecret),
                    TokenGrant.refresh(sealer.refreshToken(current)),
                    integration.requestHeaders(provider));
        } catch (OAuthException e) {
            if (e.isTerminal()) {
                listener.attempted(provider.id(), reason, RefreshListener.Outcome.REVOKED, since(started));
                throw revoke(current, reason, e.error());
            }
            listener.attempted(provider.id(), reason, RefreshListener.Outcome.FAILED, since(started));
            throw fail(current, provider, reason, null, "oauth_error: " + e.error());
        } catch (ProviderUnavailableException e) {
            listener.attempted(provider.id(), reason, RefreshListener.Outcome.FAILED, since(started));
            throw fail(current, provider, reason, e.retryAfter().orElse(null), failure(e));
        } catch (RuntimeException e) {
            // Unexpected (a value that no longer opens, a database failure): record it and back off,
            // so the scheduler does not retry at once and the API shows why.
            try {
                fail(
                        current,
                        provider,
                        reason,
                        null,
                        "internal: " + e.getClass().getSimpleName());
            } catch (RuntimeException recordFailed) {
                leases.forget(current.key());
                e.addSuppressed(recordFailed);
            }
            throw e;
        }
        listener.attempted(provider.id(), reason, RefreshListener.Outcome.SUCCESS, since(started));
        return commitRefreshed(current, reason, response);
    }

    private Credential commitRefreshed(Credential current, RefreshReason reason, TokenResponse response) {
        Instant now = clock.instant();
        Credential refreshed = schedule.scheduled(sealer.refreshed(current, response, now));
        boolean recovered = current.status() == CredentialStatus.EXPIRED
                || current.refresh().failures() > 0;
        boolean written = inTransactionReleasing(current.key(), () -> {
            if (!store.update(refreshed, current.version())) {
                return false;
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("reason", reason.wire());
            if (refreshed.expiresAt() != null) {
                data.put("expiresAt", refreshed.expiresAt().toString());
            }
            data.put("refreshTokenReplaced", response.refreshToken() != null);
            if (recovered) {
                data.put("recovered", true);
                data.put("previousStatus", current.status().wire());
            }
            events.record(EventType.CREDENTIAL_REFRESHED, current.key(), data);
            return true;
        });
        if (!written) {
            LOG.warn("refresh of {} was superseded by a concurrent change; its tokens were discarded", current.key());
        } else {
            LOG.info("refreshed {} ({}){}", current.key(), reason.wire(), recovered ? ", recovered" : "");
        }
        return find(current.key());
    }

    /** RFC 6749 §5.2 {@code invalid_grant}: terminal. The credential is revoked and never retried. */
    private BrokerException revoke(Credential current, RefreshReason reason, String error) {
        Instant now = clock.instant();
        Credential revoked = current.withStatus(CredentialStatus.REVOKED, now)
                .withRefresh(new RefreshState(null, current.refresh().failures() + 1, null, "revoked: " + error));
        inTransactionReleasing(current.key(), () -> {
            if (store.update(revoked, current.version())) {
                events.record(
                        EventType.CREDENTIAL_REVOKED, current.key(), Map.of("error", error, "reason", reason.wire()));
            }
            return null;
        });
        LOG.warn("credential {} revoked by the provider ({})", current.key(), error);
        return reconnect(current.key());
    }

    /** A transient failure: back off, keep serving the token while valid, mark it expired once it is not. */
    private BrokerException fail(
            Credential current, Provider provider, RefreshReason reason, Duration retryAfter, String error) {
        Instant now = clock.instant();
        Credential failed = schedule.backedOff(current, now, retryAfter, error);
        boolean expiresNow = current.status() == CredentialStatus.ACTIVE
                && current.expiresAt() != null
                && !now.isBefore(current.expiresAt());
        Credential next = expiresNow ? failed.withStatus(CredentialStatus.EXPIRED, now) : failed;
        inTransactionReleasing(current.key(), () -> {
            if (store.update(next, current.version())) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("reason", reason.wire());
                data.put("error", error);
                data.put("failures", next.refresh().failures());
                data.put("retryAt", next.refresh().retryAt().toString());
                events.record(EventType.CREDENTIAL_REFRESH_FAILED, current.key(), data);
                if (expiresNow) {
                    events.record(
                            EventType.CREDENTIAL_EXPIRED,
                            current.key(),
                            Map.of("expiredAt", current.expiresAt().toString()));
                }
            }
            return null;
        });
        LOG.warn(
                "refresh of {} failed ({}), attempt {}; next at {}",
                current.key(),
                error,
                next.refresh().failures(),
                next.refresh().retryAt());
        return BrokerException.unavailable(
                "provider_unavailable",
                "The credential needs a refresh and " + provider.displayName()
                        + " could not be reached; the next attempt is at "
                        + next.refresh().retryAt() + ".");
    }

    private <T> T inTransactionReleasing(CredentialKey key, java.util.function.Supplier<T> work) {
        leases.forget(key);
        return commits.inTransaction(() -> {
            T result = work.get();
            store.releaseLease(key, leases.owner());
            return result;
        });
    }

    private Credential find(CredentialKey key) {
        return store.find(key)
                .orElseThrow(
                        () -> BrokerException.notFound("not_found", "The credential " + key + " no longer exists."));
    }

    private Credential usable(Credential c, RefreshReason reason) {
        return switch (reason) {
            case REVOKED -> throw reconnect(c.key());
            case NO_REFRESH_TOKEN ->
                throw BrokerException.conflict(
                        "reconnect_required",
                        "The credential for " + c.key()
                                + " is not valid for long enough and has no refresh token; the user must reconnect.");
            case BACKING_OFF ->
                throw BrokerException.unavailable(
                        "provider_unavailable",
                        "The credential for " + c.key()
                                + " needs a refresh, and the provider failed recently; the next attempt is at "
                                + c.refresh().retryAt() + ".");
            default -> c;
        };
    }

    private static BrokerException reconnect(CredentialKey key) {
        return BrokerException.conflict(
                "reconnect_required", "The provider revoked the credential for " + key + "; the user must reconnect.");
    }

    private static String failure(ProviderUnavailableException e) {
        return e.status() == 0 ? "unreachable: " + e.getMessage() : "http_" + e.status() + ": " + e.getMessage();
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BrokerException.unavailable("provider_unavailable", "Interrupted while waiting for a refresh.");
        }
    }

    /**
     * Stops starting token requests and waits (up to {@code timeout}) for those under way to be
     * answered and committed: a graceful shutdown never loses a provider's answer.
     */
    public void drain(Duration timeout) {
        closing = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (upstream.get() > 0 && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (upstream.get() > 0) {
            LOG.warn("shutting down with {} refreshes still waiting for their provider", upstream.get());
        }
    }

    /** Commits what is queued and stops the committer; later commits run on their caller's thread. */
    @Override
    public void close() {
        commits.close();
    }
}
