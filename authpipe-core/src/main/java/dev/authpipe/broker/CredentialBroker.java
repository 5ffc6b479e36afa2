package dev.authpipe.broker;

import dev.authpipe.credential.AccountLookup;
import dev.authpipe.credential.BrokerException;
import dev.authpipe.credential.Credential;
import dev.authpipe.credential.CredentialFor;
import dev.authpipe.credential.CredentialKey;
import dev.authpipe.credential.CredentialStatus;
import dev.authpipe.credential.CredentialStore;
import dev.authpipe.credential.InstallationQuery;
import dev.authpipe.credential.Integration;
import dev.authpipe.credential.Integrations;
import dev.authpipe.credential.TokenSealer;
import dev.authpipe.credential.Transactor;
import dev.authpipe.events.EventType;
import dev.authpipe.events.Events;
import dev.authpipe.health.HealthChecker;
import dev.authpipe.health.HealthState;
import dev.authpipe.provider.AccountDiscovery;
import dev.authpipe.provider.Provider;
import dev.authpipe.refresh.RefreshPolicy;
import dev.authpipe.refresh.RefreshReason;
import dev.authpipe.refresh.Refresher;
import dev.authpipe.vault.Vault;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads, imports, lists and deletes credentials for a project. */
public final class CredentialBroker {
    private final Integrations integrations;
    private final CredentialStore store;
    private final TokenSealer sealer;
    private final Refresher refresher;
    private final HealthChecker health;
    private final UpstreamRevocation revocation;
    private final Events events;
    private final Transactor tx;
    private final Clock clock;

    public CredentialBroker(
            Integrations integrations,
            CredentialStore store,
            Vault vault,
            Refresher refresher,
            HealthChecker health,
            UpstreamRevocation revocation,
            Events events,
            Transactor tx,
            Clock clock) {
        this.integrations = integrations;
        this.store = store;
        this.sealer = new TokenSealer(vault);
        this.refresher = refresher;
        this.health = health;
        this.revocation = revocation;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * A token valid for at least {@code minValidity}, refreshed first if needed. A fresh token
     * costs one read of the store.
     *
     * @throws BrokerException {@code not_installed}, {@code not_authorized},
     *     {@code reconnect_required} or {@code provider_unavailable}
     */
    public TokenView getCredential(CredentialKey key, Duration minValidity) {
        Provider provider = integrations.provider(key.provider());
        Credential stored = store.find(key).orElseThrow(() -> missing(key, provider));
        Credential fresh = refresher.ensureFresh(stored, minValidity);
        return new TokenView(
                sealer.accessToken(fresh),
                fresh.tokenType(),
                fresh.expiresAt(),
                fresh.scopes(),
                fresh.metadata(),
                fresh.status());
    }

    public Credential forceRefresh(CredentialKey key) {
        Provider provider = integrations.provider(key.provider());
        Credential stored = store.find(key).orElseThrow(() -> missing(key, provider));
        if (stored.status() == CredentialStatus.REVOKED) {
            throw BrokerException.conflict(
                    "reconnect_required",
                    "The credential for " + key + " was revoked by the provider; the user must reconnect.");
        }
        if (!stored.hasRefreshToken()) {
            throw BrokerException.conflict("not_refreshable", "The credential for " + key + " has no refresh token.");
        }
        return refresher.forceRefresh(key);
    }

    /** The credential's record (no token material is opened). */
    public Credential find(CredentialKey key) {
        Provider provider = integrations.provider(key.provider());
        return store.find(key).orElseThrow(() -> missing(key, provider));
    }

    /** Why the credential is or is not due for a refresh now (shown next to it in the API). */
    public RefreshReason refreshReason(Credential c) {
        return RefreshPolicy.decide(c, clock.instant(), refresher.schedule().lead(c))
                .reason();
    }

    public List<Credential> installations(String projectId, InstallationQuery query) {
        return store.listInstallations(projectId, query);
    }

    public List<Credential> users(CredentialKey installationKey, String afterUserId, int limit) {
        find(installationKey);
        return store.listUsers(installationKey, afterUserId, limit);
    }

    /**
     * Stores tokens from another system, replacing any credential with the same key.
     *
     * @throws BrokerException {@code integration_not_configured}, {@code installation_required}
     *     or {@code account_mismatch}
     */
    public Credential importCredential(ImportRequest request) {
        CredentialKey key = request.key();
        Provider provider = integrations.provider(key.provider());
        Integration integration = integrations
                .find(key.projectId(), provider.id())
                .orElseThrow(() -> BrokerException.conflict(
                        "integration_not_configured",
                        "The "
                                + provider.displayName() + " integration is not configured; PUT /v1/integrations/"
                                + provider.id() + " first."));
        List<String> scopes = request.scopes() != null ? request.scopes() : integration.scopes();
        Map<String, Object> metadata = new LinkedHashMap<>(request.metadata() == null ? Map.of() : request.metadata());
        Instant now = clock.instant();
        Credential credential = refresher
                .schedule()
                .scheduled(sealer.create(
                        key,
                        request.accessToken(),
                        request.refreshToken(),
                        request.tokenType() == null ? "bearer" : request.tokenType(),
                        request.expiresAt(),
                        scopes,
                        metadata,
                        now));
        EventType type = key.credentialFor() == CredentialFor.INSTALLATION
                ? EventType.INSTALLATION_CREATED
                : EventType.USER_AUTHORIZED;
        return tx.inTransaction(() -> {
            if (key.credentialFor() == CredentialFor.USER) {
                checkUserFitsInstallation(key, provider, metadata);
            }
            Credential stored = store.upsert(credential);
            health.schedule(key);
            Map<String, Object> data = new LinkedHashMap<>(metadata);
            data.put("imported", true);
            events.record(type, key, data);
            return stored;
        });
    }

    /** Deletes the installation and all its users' credentials; returns whether it existed. */
    public void uninstall(CredentialKey installationKey) {
        Provider provider = integrations.provider(installationKey.provider());
        Credential installation = store.find(installationKey).orElseThrow(() -> missing(installationKey, provider));
        int revoked = revocation.revokeAll(provider, installationKey, installation);
        tx.inTransaction(() -> {
            if (store.find(installationKey).isEmpty()) {
                throw missing(installationKey, provider);
            }
            int removed = store.deleteInstallation(installationKey);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("usersDeleted", removed - 1);
            data.put("revokedUpstream", revoked);
            events.record(EventType.INSTALLATION_DELETED, installationKey, data);
            return null;
        });
    }

    public void deleteUser(CredentialKey userKey) {
        Provider provider = integrations.provider(userKey.provider());
        Credential user = store.find(userKey).orElseThrow(() -> missing(userKey, provider));
        boolean revoked = revocation.revoke(provider, user);
        tx.inTransaction(() -> {
            if (!store.delete(userKey)) {
                throw missing(userKey, provider);
            }
            events.record(EventType.USER_DELETED, userKey, Map.of("revokedUpstream", revoked));
            return null;
        });
    }

    /** Checks the credential now (an operator's request) and returns it with its new health. */
    public Credential checkNow(CredentialKey key) {
        Provider provider = integrations.provider(key.provider());
        find(key);
        health.check(key);
        return store.find(key).orElseThrow(() -> missing(key, provider));
    }

    public Optional<HealthState> health(CredentialKey key) {
        return health.find(key);
    }

    private void checkUserFitsInstallation(CredentialKey key, Provider provider, Map<String, Object> metadata) {
        Credential installation = store.find(key.installationKey())
                .filter(c -> c.status() != CredentialStatus.REVOKED)
                .orElseThrow(() -> BrokerException.conflict(
                        "installation_required",
                        "Tenant '" + key.tenantId() + "' has no active " + provider.displayName() + " installation."));
        Optional<AccountDiscovery> spec = provider.accountDiscovery().filter(AccountDiscovery::requiresSharedAccount);
        if (spec.isEmpty() || !metadata.containsKey(spec.get().metadataKey())) {
            return;
        }
        List<String> installed = AccountLookup.accountIdsOf(installation.metadata(), spec.get());
        List<String> mine = AccountLookup.accountIdsOf(metadata, spec.get());
        if (!installed.isEmpty() && mine.stream().noneMatch(installed::contains)) {
            throw BrokerException.conflict(
                    "account_mismatch",
                    "The user's " + provider.displayName() + " accounts do not include the installation's account ("
                            + String.join(", ", installed) + ").");
        }
    }

    private BrokerException missing(CredentialKey key, Provider provider) {
        if (key.credentialFor() == CredentialFor.USER
                && store.find(key.installationKey()).isPresent()) {
            return BrokerException.notFound(
                    "not_authorized",
                    "User '" + key.userId() + "' has not authorized " + provider.displayName() + " for tenant '"
                            + key.tenantId() + "'.");
        }
        return BrokerException.notFound(
                "not_installed", provider.displayName() + " is not installed for tenant '" + key.tenantId() + "'.");
    }
}
