package dev.authpipe.health;

import dev.authpipe.credential.AccountLookup;
import dev.authpipe.credential.BrokerException;
import dev.authpipe.credential.Credential;
import dev.authpipe.credential.CredentialFor;
import dev.authpipe.credential.CredentialKey;
import dev.authpipe.credential.CredentialStatus;
import dev.authpipe.credential.CredentialStore;
import dev.authpipe.credential.Integration;
import dev.authpipe.credential.Integrations;
import dev.authpipe.credential.TokenSealer;
import dev.authpipe.credential.Transactor;
import dev.authpipe.events.EventType;
import dev.authpipe.events.Events;
import dev.authpipe.provider.AccountDiscovery;
import dev.authpipe.provider.Provider;
import dev.authpipe.refresh.Refresher;
import dev.authpipe.vault.Vault;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks one credential: makes sure its token is fresh, probes the provider, on a 401 refreshes
 * once and probes again, then records the outcome and announces a change of health. A grant the
 * provider refuses is revoked through the refresh engine, so reads see {@code reconnect_required}.
 */
public final class HealthChecker {
    private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);
    /** A token valid for less than this is refreshed before it is probed. */
    private static final Duration PROBE_VALIDITY = Duration.ofMinutes(5);

    private final CredentialStore credentials;
    private final HealthStore store;
    private final Integrations integrations;
    private final TokenSealer sealer;
    private final Refresher refresher;
    private final HealthProbe probe;
    private final HealthPolicy policy;
    private final Events events;
    private final Transactor tx;
    private final Clock clock;

    public HealthChecker(
            CredentialStore credentials,
            HealthStore store,
            Integrations integrations,
            Vault vault,
            Refresher refresher,
            HealthProbe probe,
            HealthPolicy policy,
            Events events,
            Transactor tx,
            Clock clock) {
        this.credentials = credentials;
        this.store = store;
        this.integrations = integrations;
        this.sealer = new TokenSealer(vault);
        this.refresher = refresher;
        this.probe = probe;
        this.policy = policy;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    public HealthPolicy policy() {
        return policy;
    }

    /** Checks the credential now and returns its new health record (empty if the credential is gone). */
    public Optional<HealthState> check(CredentialKey key) {
        Optional<Credential> found = credentials.find(key);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Credential credential = found.get();
        HealthState previous = store.find(key).orElse(new HealthState(key, Health.HEALTHY, 0, null, null, null));
        Provider provider = integrations.provider(key.provider());
        Optional<Integration> integration = integrations.find(key.projectId(), provider.id());
        if (credential.status() == CredentialStatus.REVOKED) {
            return record(
                    credential,
                    previous,
                    new HealthState(
                            key,
                            Health.REVOKED,
                            0,
                            clock.instant(),
                            credential.refresh().lastError(),
                            null));
        }
        if (integration.isEmpty()) {
            ProbeResult unconfigured = new ProbeResult(
                    ProbeResult.Outcome.TRANSIENT,
                    null,
                    "the " + provider.displayName() + " integration is not configured");
            return record(credential, previous, policy.next(previous, unconfigured, clock.instant()));
        }
        if (HealthProbe.checks(provider, integration.get()).isEmpty()) {
            return record(credential, previous, policy.next(previous, ProbeResult.ok(), clock.instant()));
        }
        Optional<ProbeResult> outside = outsideInstallationAccounts(credential, provider);
        if (outside.isPresent()) {
            return record(credential, previous, policy.next(previous, outside.get(), clock.instant()));
        }
        ProbeResult result = probeFresh(credential, provider, integration.get(), false);
        if (result.outcome() == ProbeResult.Outcome.UNAUTHORIZED) {
            result = probeFresh(credential, provider, integration.get(), true);
            if (result.outcome() == ProbeResult.Outcome.UNAUTHORIZED) {
                refresher.revokeAfterRejection(credential, "health check: " + result.detail());
            }
        }
        return record(credential, previous, policy.next(previous, result, clock.instant()));
    }

    /**
     * A user of a provider whose users must share the installation's account (Harvest) no longer
     * does when the installation was reconnected into other accounts: the user must authorize again.
     */
    private Optional<ProbeResult> outsideInstallationAccounts(Credential user, Provider provider) {
        Optional<AccountDiscovery> spec = provider.accountDiscovery().filter(AccountDiscovery::requiresSharedAccount);
        if (user.key().credentialFor() != CredentialFor.USER || spec.isEmpty()) {
            return Optional.empty();
        }
        List<String> installed = credentials
                .find(user.key().installationKey())
                .map(installation -> AccountLookup.accountIdsOf(installation.metadata(), spec.get()))
                .orElse(List.of());
        List<String> mine = AccountLookup.accountIdsOf(user.metadata(), spec.get());
        if (installed.isEmpty() || mine.isEmpty() || mine.stream().anyMatch(installed::contains)) {
            return Optional.empty();
        }
        return Optional.of(new ProbeResult(
                ProbeResult.Outcome.ACCOUNT_MISSING,
                null,
                "the installation no longer includes account " + String.join(", ", mine)
                        + "; the user must authorize again"));
    }

    /** Probes with a token valid for a few minutes, refreshing first (and forcibly, when asked). */
    private ProbeResult probeFresh(
            Credential credential, Provider provider, Integration integration, boolean forceRefresh) {
        Credential fresh;
        try {
            fresh = forceRefresh
                    ? refresher.forceRefresh(credential.key())
                    : refresher.ensureFresh(credential, PROBE_VALIDITY);
        } catch (BrokerException e) {
            return switch (e.code()) {
                case "reconnect_required" ->
                    new ProbeResult(ProbeResult.Outcome.UNAUTHORIZED, null, "refresh: " + e.code());
                case "provider_unavailable" ->
                    new ProbeResult(ProbeResult.Outcome.TRANSIENT, null, "refresh: " + e.code());
                default -> new ProbeResult(ProbeResult.Outcome.TRANSIENT, null, "refresh: " + e.code());
            };
        }
        if (fresh.status() == CredentialStatus.REVOKED) {
            return new ProbeResult(ProbeResult.Outcome.UNAUTHORIZED, null, "refresh: revoked");
        }
        return probe.probe(provider, integration, fresh, sealer.accessToken(fresh));
    }

    /**
     * Records the outcome and announces a change, unless the credential was deleted or replaced by
     * a reconnect while it was checked (then the outcome is about a credential that no longer is).
     */
    private Optional<HealthState> record(Credential checked, HealthState previous, HealthState next) {
        return tx.inTransaction(() -> {
            if (!store.record(next, checked.id())) {
                return Optional.<HealthState>empty();
            }
            if (previous.health() != next.health()) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("from", previous.health().wire());
                data.put("to", next.health().wire());
                if (next.lastError() != null) {
                    data.put("error", next.lastError());
                }
                if (next.health() == Health.HEALTHY) {
                    data.put("recovered", true);
                }
                events.record(EventType.HEALTH_CHANGED, next.key(), data);
                LOG.info(
                        "health of {} changed from {} to {}",
                        next.key(),
                        previous.health().wire(),
                        next.health().wire());
            }
            return Optional.of(next);
        });
    }

    /** Claims up to {@code limit} credentials due for a check, for {@code owner} (the sweeper's claim). */
    public java.util.List<CredentialKey> claimDue(int limit, String owner) {
        Instant now = clock.instant();
        // A batch of checks may take minutes (each check up to a minute, eight at a time).
        return store.claimDue(now, limit, owner, now.plus(Duration.ofMinutes(15)));
    }

    /** The sweeper's work: checks one claimed credential; failures are logged, never thrown. */
    public void checkClaimed(CredentialKey key) {
        try {
            check(key);
        } catch (RuntimeException e) {
            LOG.warn("health check of {} failed: {}", key, e.toString());
        }
    }

    /**
     * Schedules the first check of a new or reconnected credential (call in its transaction). A
     * reconnected installation may now reach other accounts, so its users are checked at once.
     */
    public void schedule(CredentialKey key) {
        Instant now = clock.instant();
        store.reset(key, policy.firstCheck(now));
        if (key.credentialFor() == CredentialFor.INSTALLATION) {
            store.checkUsersBy(key, now);
        }
    }

    /** The credential's health record, if it has one. */
    public Optional<HealthState> find(CredentialKey key) {
        return store.find(key);
    }
}
