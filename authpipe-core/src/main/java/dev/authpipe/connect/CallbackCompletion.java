package dev.authpipe.connect;

import dev.authpipe.credential.AccountLookup;
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
import dev.authpipe.health.HealthChecker;
import dev.authpipe.oauth.ClientCredentials;
import dev.authpipe.oauth.OAuthException;
import dev.authpipe.oauth.ProviderUnavailableException;
import dev.authpipe.oauth.TokenEndpoint;
import dev.authpipe.oauth.TokenGrant;
import dev.authpipe.oauth.TokenResponse;
import dev.authpipe.provider.AccountDiscovery;
import dev.authpipe.provider.Provider;
import dev.authpipe.refresh.RefreshSchedule;
import dev.authpipe.vault.Digests;
import dev.authpipe.vault.Secret;
import dev.authpipe.vault.Vault;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of the connect flow: consumes the state once, exchanges the code at the token
 * endpoint of the provider the state was issued for, applies the Installation + User rules and
 * stores the credential with its event. Every failure stores nothing and says why.
 */
public final class CallbackCompletion {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackCompletion.class);
    /** RFC 6749 §4.1.2.1 error codes; anything else a provider sends is reported generically. */
    private static final Set<String> AUTHORIZATION_ERRORS = Set.of(
            "invalid_request",
            "unauthorized_client",
            "access_denied",
            "unsupported_response_type",
            "invalid_scope",
            "server_error",
            "temporarily_unavailable");

    private final Integrations integrations;
    private final CredentialStore credentials;
    private final ConnectSessionStore sessions;
    private final Vault vault;
    private final TokenSealer sealer;
    private final TokenEndpoint tokens;
    private final AccountLookup accounts;
    private final Events events;
    private final Transactor tx;
    private final Clock clock;
    private final String redirectUri;
    private final RefreshSchedule schedule;
    private final HealthChecker health;

    public CallbackCompletion(
            Integrations integrations,
            CredentialStore credentials,
            ConnectSessionStore sessions,
            Vault vault,
            TokenEndpoint tokens,
            AccountLookup accounts,
            Events events,
            Transactor tx,
            Clock clock,
            String redirectUri,
            RefreshSchedule schedule,
            HealthChecker health) {
        this.integrations = integrations;
        this.credentials = credentials;
        this.sessions = sessions;
        this.vault = vault;
        this.sealer = new TokenSealer(vault);
        this.tokens = tokens;
        this.accounts = accounts;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
        this.redirectUri = redirectUri;
        this.schedule = schedule;
        this.health = health;
    }

    public ConnectOutcome complete(CallbackParams params) {
        if (params.state() == null || params.state().isEmpty()) {
            return ConnectOutcome.detached("invalid_state", "The response has no state; start again from the app.");
        }
        Optional<ConnectSession> found = sessions.findByStateHash(Digests.sha256Hex(params.state()));
        if (found.isEmpty()) {
            return ConnectOutcome.detached(
                    "invalid_state", "This authorization response is not recognised; start again from the app.");
        }
        ConnectSession session = found.get();
        if (session.browserHash() != null
                && (params.browserBinding() == null
                        || !session.browserHash().equals(Digests.sha256Hex(params.browserBinding())))) {
            // RFC 6749 §10.12: the state came back in a browser other than the one that opened the
            // link (a forwarded authorization URL). Refused without consuming the state.
            return ConnectOutcome.detached(
                    "browser_mismatch", "This authorization was started in another browser; start again from the app.");
        }
        Instant now = clock.instant();
        if (!sessions.complete(session.id(), now)) {
            return ConnectOutcome.failed(session, "state_used", "This authorization response was already used.");
        }
        if (!now.isBefore(session.stateExpiresAt())) {
            return ConnectOutcome.failed(
                    session, "state_expired", "The authorization took too long; start again from the app.");
        }
        try {
            return finish(session, params, now);
        } catch (ConnectFailure f) {
            LOG.info("connect {} for {} failed: {}", session.id(), session.credentialKey(), f.code);
            return ConnectOutcome.failed(session, f.code, f.getMessage());
        }
    }

    private ConnectOutcome finish(ConnectSession session, CallbackParams params, Instant now) {
        Provider provider = integrations.provider(session.provider());
        if (params.error() != null) {
            String code = AUTHORIZATION_ERRORS.contains(params.error()) ? params.error() : "authorization_failed";
            throw new ConnectFailure(
                    code,
                    "access_denied".equals(code)
                            ? "Access was denied at " + provider.displayName() + "; nothing was connected."
                            : provider.displayName() + " did not authorize the app (" + code + ").");
        }
        Integration integration = integrations
                .find(session.projectId(), provider.id())
                .orElseThrow(() -> new ConnectFailure(
                        "integration_not_configured",
                        "The " + provider.displayName() + " integration is no longer configured."));
        // RFC 9207 §2.4: when the issuer is known and the response names one, they must match (mix-up defence).
        String issuer = integration.settings().getOrDefault("issuer", provider.issuer());
        if (params.iss() != null && issuer != null && !issuer.equals(params.iss())) {
            throw new ConnectFailure(
                    "issuer_mismatch",
                    "The response came from a different authorization server than " + provider.displayName()
                            + "; nothing was connected.");
        }
        if (params.code() == null || params.code().isEmpty()) {
            throw new ConnectFailure("invalid_request", "The response has no authorization code.");
        }
        TokenResponse token = exchange(session, provider, integration, params.code());
        Map<String, Object> metadata = new LinkedHashMap<>();
        provider.accountDiscovery()
                .ifPresent(spec ->
                        metadata.putAll(accountMetadata(session, provider, spec, integration, token, params.scope())));
        List<String> scopes = grantedScopes(token, params.scope(), provider, integration);
        CredentialKey key = session.credentialKey();
        Credential credential = schedule.scheduled(sealer.create(
                key,
                token.accessToken(),
                token.refreshToken(),
                token.tokenType(),
                token.lifetime().map(now::plus).orElse(null),
                scopes,
                metadata,
                now));
        EventType type = key.credentialFor() == CredentialFor.INSTALLATION
                ? EventType.INSTALLATION_CREATED
                : EventType.USER_AUTHORIZED;
        tx.inTransaction(() -> {
            if (key.credentialFor() == CredentialFor.USER) {
                activeInstallation(key, provider);
            }
            credentials.upsert(credential);
            health.schedule(key);
            return events.record(type, key, metadata);
        });
        LOG.info(
                "connect {} stored {} credential {}",
                session.id(),
                key.credentialFor().wire(),
                key);
        return new ConnectOutcome(
                key.credentialFor() == CredentialFor.INSTALLATION ? "installed" : "authorized",
                session.provider(),
                session.tenantId(),
                session.userId(),
                session.origin(),
                session.returnUrl(),
                null,
                key.credentialFor() == CredentialFor.INSTALLATION
                        ? provider.displayName() + " is installed. You can close this window."
                        : provider.displayName() + " is connected. You can close this window.");
    }

    private TokenResponse exchange(ConnectSession session, Provider provider, Integration integration, Secret code) {
        Secret verifier = session.pkceVerifier() == null
                ? null
                : vault.open(
                        ConnectSession.verifierContext(session.projectId(), session.tenantId(), session.id()),
                        session.pkceVerifier());
        Secret clientSecret = vault.open(
                Integration.clientSecretContext(session.projectId(), provider.id()), integration.clientSecret());
        try {
            return tokens.request(
                    integration.endpoint(provider, "token").orElseThrow(),
                    provider.oauth(),
                    new ClientCredentials(integration.clientId(), clientSecret),
                    TokenGrant.authorizationCode(code, redirectUri, verifier),
                    integration.requestHeaders(provider));
        } catch (OAuthException e) {
            throw new ConnectFailure(
                    "exchange_failed",
                    provider.displayName() + " refused the authorization code (" + e.error()
                            + "); nothing was connected.");
        } catch (ProviderUnavailableException e) {
            throw new ConnectFailure(
                    "provider_unavailable",
                    provider.displayName() + " could not be reached to finish the connection; try again.");
        }
    }

    private Map<String, Object> accountMetadata(
            ConnectSession session,
            Provider provider,
            AccountDiscovery spec,
            Integration integration,
            TokenResponse token,
            String callbackScope) {
        AccountLookup.Accounts found;
        try {
            found = accounts.discover(provider, integration, token.accessToken(), callbackScope);
        } catch (OAuthException e) {
            throw new ConnectFailure(
                    "exchange_failed",
                    provider.displayName()
                            + " did not accept the new token when listing its accounts; nothing was connected.");
        } catch (ProviderUnavailableException e) {
            throw new ConnectFailure(
                    "provider_unavailable",
                    provider.displayName() + " could not be reached to confirm the granted accounts; try again.");
        }
        List<String> accountIds = found.accountIds();
        if (accountIds.isEmpty()) {
            throw new ConnectFailure(
                    "no_accounts",
                    "The grant does not reach any " + provider.displayName() + " account; nothing was connected.");
        }
        if (session.credentialFor() == CredentialFor.USER && spec.requiresSharedAccount()) {
            List<String> installed = AccountLookup.accountIdsOf(
                    activeInstallation(session.credentialKey(), provider).metadata(), spec);
            accountIds = accountIds.stream().filter(installed::contains).toList();
            if (accountIds.isEmpty()) {
                throw new ConnectFailure(
                        "account_mismatch",
                        "This " + provider.displayName()
                                + " authorization is for a different account than the installation's ("
                                + String.join(", ", installed) + "); nothing was connected.");
            }
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(spec.metadataKey(), accountIds);
        if (found.providerUserId() != null) {
            metadata.put("providerUserId", found.providerUserId());
        }
        return metadata;
    }

    private Credential activeInstallation(CredentialKey key, Provider provider) {
        return credentials
                .find(key.installationKey())
                .filter(c -> c.status() != CredentialStatus.REVOKED)
                .orElseThrow(() -> new ConnectFailure(
                        "installation_required",
                        "Tenant '" + key.tenantId() + "' has no active " + provider.displayName()
                                + " installation; nothing was connected."));
    }

    /** RFC 6749 §5.1: the response's scope if present; else what the callback granted; else what was asked. */
    private static List<String> grantedScopes(
            TokenResponse token, String callbackScope, Provider provider, Integration integration) {
        String granted = token.scope() != null ? token.scope() : callbackScope;
        if (granted != null && !granted.isBlank()) {
            String separators = "[ +]+|" + Pattern.quote(provider.oauth().scopeSeparator());
            return Arrays.stream(granted.split(separators))
                    .filter(s -> !s.isEmpty())
                    .distinct()
                    .toList();
        }
        return integration.scopes().stream()
                .filter(provider.oauth()::isUpstream)
                .toList();
    }

    /** A failure that ends the callback with a code and a safe message. */
    private static final class ConnectFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String code;

        ConnectFailure(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
