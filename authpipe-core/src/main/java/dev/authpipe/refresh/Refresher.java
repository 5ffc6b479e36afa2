package dev.authpipe.refresh;

import dev.authpipe.credential.BrokerException;
import dev.authpipe.credential.Credential;
import dev.authpipe.credential.CredentialKey;
import dev.authpipe.credential.CredentialStatus;
import dev.authpipe.credential.CredentialStore;
import dev.authpipe.credential.Integration;
import dev.authpipe.credential.Integrations;
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
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one refresh path. {@link #ensureFresh} returns a credential valid for the time asked,
 * refreshing it first if needed: once at a time per credential in this process, re-reading after
 * its turn comes (someone may have refreshed already), and committing the new token set together
 * with its event as soon as the provider answers.
 */
public final class Refresher {
    private static final Logger LOG = LoggerFactory.getLogger(Refresher.class);

    private final CredentialStore store;
    private final Integrations integrations;
    private final Vault vault;
    private final TokenSealer sealer;
    private final TokenEndpoint tokens;
    private final Events events;
    private final Transactor tx;
    private final Clock clock;
    private final SingleFlight<CredentialKey, Credential> flights = new SingleFlight<>();

    public Refresher(
            CredentialStore store,
            Integrations integrations,
            Vault vault,
            TokenEndpoint tokens,
            Events events,
            Transactor tx,
            Clock clock) {
        this.store = store;
        this.integrations = integrations;
        this.vault = vault;
        this.sealer = new TokenSealer(vault);
        this.tokens = tokens;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Returns {@code current} if it is valid for {@code needed}, else the credential after one
     * refresh (shared with concurrent callers).
     *
     * @throws BrokerException {@code reconnect_required} (revoked, or expired without a refresh
     *     token) or {@code provider_unavailable} (a needed refresh failed transiently)
     */
    public Credential ensureFresh(Credential current, Duration needed) {
        RefreshDecision decision = RefreshPolicy.decide(current, clock.instant(), needed);
        if (decision.refresh()) {
            return flights.run(current.key(), () -> refreshIfStillNeeded(current.key(), needed, false));
        }
        return usable(current, decision.reason());
    }

    /** Refreshes now, whatever the expiry (an operator's or a scheduler's explicit request). */
    public Credential forceRefresh(CredentialKey key) {
        return flights.run(key, () -> refreshIfStillNeeded(key, Duration.ZERO, true));
    }

    private Credential refreshIfStillNeeded(CredentialKey key, Duration needed, boolean force) {
        Credential current = store.find(key)
                .orElseThrow(() -> BrokerException.notFound("not_found", "The credential no longer exists."));
        RefreshDecision decision = RefreshPolicy.decide(current, clock.instant(), needed);
        if (force && current.status() != CredentialStatus.REVOKED && current.hasRefreshToken()) {
            decision = new RefreshDecision(true, RefreshReason.FORCED);
        }
        if (!decision.refresh()) {
            return usable(current, decision.reason());
        }
        return refresh(current, decision.reason());
    }

    private Credential refresh(Credential current, RefreshReason reason) {
        Provider provider = integrations.provider(current.key().provider());
        Integration integration = integrations
                .find(current.key().projectId(), provider.id())
                .orElseThrow(() -> BrokerException.conflict(
                        "integration_not_configured",
                        "The " + provider.displayName()
                                + " integration is not configured, so the credential cannot be refreshed."));
        Secret clientSecret = vault.open(
                Integration.clientSecretContext(integration.projectId(), provider.id()), integration.clientSecret());
        TokenResponse response;
        try {
            response = tokens.request(
                    integration.endpoint(provider, "token").orElseThrow(),
                    provider.oauth(),
                    new ClientCredentials(integration.clientId(), clientSecret),
                    TokenGrant.refresh(sealer.refreshToken(current)),
                    integration.requestHeaders(provider));
        } catch (OAuthException e) {
            if (e.isTerminal()) {
                throw revoke(current, e.error());
            }
            throw unavailable(current, provider, "answered the refresh with " + e.error());
        } catch (ProviderUnavailableException e) {
            throw unavailable(current, provider, e.getMessage());
        }
        Instant now = clock.instant();
        Credential refreshed = sealer.refreshed(current, response, now);
        boolean written = tx.inTransaction(() -> {
            if (!store.update(refreshed, current.version())) {
                return false;
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("reason", reason.wire());
            if (refreshed.expiresAt() != null) {
                data.put("expiresAt", refreshed.expiresAt().toString());
            }
            data.put("refreshTokenReplaced", response.refreshToken() != null);
            events.record(EventType.CREDENTIAL_REFRESHED, current.key(), data);
            return true;
        });
        LOG.info("refreshed {} ({}){}", current.key(), reason.wire(), written ? "" : " but a concurrent write won");
        return store.find(current.key()).orElse(refreshed);
    }

    private BrokerException revoke(Credential current, String error) {
        Instant now = clock.instant();
        Credential revoked = withStatus(current, CredentialStatus.REVOKED, now);
        tx.inTransaction(() -> {
            if (store.update(revoked, current.version())) {
                events.record(EventType.CREDENTIAL_REVOKED, current.key(), Map.of("error", error));
            }
            return null;
        });
        LOG.warn("credential {} revoked by the provider ({})", current.key(), error);
        return reconnect(current.key());
    }

    private BrokerException unavailable(Credential current, Provider provider, String why) {
        Instant now = clock.instant();
        LOG.warn("refresh of {} failed transiently: {}", current.key(), why);
        if (current.status() == CredentialStatus.ACTIVE
                && current.expiresAt() != null
                && !now.isBefore(current.expiresAt())) {
            tx.inTransaction(() -> {
                if (store.update(withStatus(current, CredentialStatus.EXPIRED, now), current.version())) {
                    events.record(EventType.CREDENTIAL_EXPIRED, current.key(), Map.of());
                }
                return null;
            });
        }
        return BrokerException.unavailable(
                "provider_unavailable",
                "The credential needs a refresh and " + provider.displayName()
                        + " could not be reached; try again shortly.");
    }

    private static Credential usable(Credential c, RefreshReason reason) {
        if (reason == RefreshReason.REVOKED) {
            throw reconnect(c.key());
        }
        if (reason == RefreshReason.NO_REFRESH_TOKEN) {
            throw BrokerException.conflict(
                    "reconnect_required",
                    "The credential for " + c.key()
                            + " is not valid for long enough and has no refresh token; the user must reconnect.");
        }
        return c;
    }

    private static BrokerException reconnect(CredentialKey key) {
        return BrokerException.conflict(
                "reconnect_required", "The provider revoked the credential for " + key + "; the user must reconnect.");
    }

    private static Credential withStatus(Credential c, CredentialStatus status, Instant now) {
        return new Credential(
                c.id(),
                c.key(),
                status,
                c.accessToken(),
                c.refreshToken(),
                c.tokenType(),
                c.expiresAt(),
                c.scopes(),
                c.metadata(),
                c.createdAt(),
                now,
                c.refreshedAt(),
                c.version());
    }
}
