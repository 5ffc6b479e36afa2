package dev.authpipe.connect;

import dev.authpipe.credential.BrokerException;
import dev.authpipe.credential.CredentialFor;
import dev.authpipe.credential.CredentialKey;
import dev.authpipe.credential.CredentialStatus;
import dev.authpipe.credential.CredentialStore;
import dev.authpipe.credential.Ids;
import dev.authpipe.credential.Integration;
import dev.authpipe.credential.Integrations;
import dev.authpipe.credential.Project;
import dev.authpipe.oauth.AuthorizationRequest;
import dev.authpipe.oauth.Pkce;
import dev.authpipe.provider.PkceMethod;
import dev.authpipe.provider.Provider;
import dev.authpipe.vault.Digests;
import dev.authpipe.vault.Randomness;
import dev.authpipe.vault.Secret;
import dev.authpipe.vault.Vault;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Mints connect sessions and starts them: the first two steps of the connect flow. */
public final class ConnectFlow {
    /** A session must be opened within this time (PRODUCT.md §2.2). */
    public static final Duration SESSION_TTL = Duration.ofMinutes(30);
    /** A state must come back within this time (PRODUCT.md §3). */
    public static final Duration STATE_TTL = Duration.ofMinutes(10);

    private final Integrations integrations;
    private final CredentialStore credentials;
    private final ConnectSessionStore sessions;
    private final Vault vault;
    private final Clock clock;
    private final String baseUrl;

    public ConnectFlow(
            Integrations integrations,
            CredentialStore credentials,
            ConnectSessionStore sessions,
            Vault vault,
            Clock clock,
            String baseUrl) {
        this.integrations = integrations;
        this.credentials = credentials;
        this.sessions = sessions;
        this.vault = vault;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    /** The exact redirect URI registered with providers: {@code {base}/oauth/callback}. */
    public String redirectUri() {
        return baseUrl + "/oauth/callback";
    }

    /**
     * Mints a session. The request's shape and the origin rules are checked by the caller.
     *
     * @throws BrokerException {@code unknown_provider}, {@code integration_not_configured} or
     *     {@code installation_required}
     */
    public CreatedSession createSession(Project project, SessionRequest request) {
        Provider provider = integrations.provider(request.provider());
        if (integrations.find(project.id(), provider.id()).isEmpty()) {
            throw BrokerException.conflict(
                    "integration_not_configured",
                    "The " + provider.displayName() + " integration is not configured; PUT /v1/integrations/"
                            + provider.id() + " first.");
        }
        if (request.credentialFor() == CredentialFor.USER) {
            requireActiveInstallation(CredentialKey.installation(project.id(), provider.id(), request.tenantId()));
        }
        Secret token = Secret.of("cs_" + Randomness.token(32));
        Instant now = clock.instant();
        Instant expiresAt = now.plus(SESSION_TTL);
        sessions.insert(new ConnectSession(
                Ids.newId("sess"),
                Digests.sha256Hex(token.reveal()),
                project.id(),
                provider.id(),
                request.tenantId(),
                request.credentialFor(),
                request.userId(),
                request.origin(),
                request.returnUrl(),
                now,
                expiresAt,
                null,
                null,
                null,
                null,
                null,
                null));
        return new CreatedSession(token, baseUrl + "/connect/" + token.reveal(), expiresAt);
    }

    /**
     * Opens a session once: issues its state and PKCE verifier and returns the provider's
     * authorization URL.
     *
     * @throws ConnectException if the session is unknown, already opened or expired, or its
     *     integration or installation is gone
     */
    public URI start(String token) {
        return start(token, null);
    }

    /**
     * Opens a session once, bound to the browser that holds {@code browserBinding} (a random cookie
     * value; null for no binding): the callback is then accepted only from that browser.
     */
    public URI start(String token, String browserBinding) {
        ConnectSession session = sessions.findByTokenHash(Digests.sha256Hex(token))
                .orElseThrow(() -> new ConnectException("unknown_session", "This connect link is not valid."));
        Instant now = clock.instant();
        if (session.startedAt() != null) {
            throw new ConnectException("session_used", "This connect link was already used; start again from the app.");
        }
        if (!now.isBefore(session.expiresAt())) {
            throw new ConnectException("session_expired", "This connect link has expired; start again from the app.");
        }
        Provider provider = integrations.provider(session.provider());
        Integration integration = integrations
                .find(session.projectId(), provider.id())
                .orElseThrow(() -> new ConnectException(
                        "integration_not_configured",
                        "The " + provider.displayName() + " integration is no longer configured."));
        if (session.credentialFor() == CredentialFor.USER) {
            try {
                requireActiveInstallation(session.credentialKey().installationKey());
            } catch (BrokerException e) {
                throw new ConnectException(e.code(), e.getMessage());
            }
        }
        String state = Randomness.token(32);
        Pkce pkce = provider.oauth().pkce() == PkceMethod.S256 ? Pkce.generate() : null;
        boolean started = sessions.start(
                session.id(),
                Digests.sha256Hex(state),
                pkce == null
                        ? null
                        : vault.seal(
                                ConnectSession.verifierContext(session.projectId(), session.tenantId(), session.id()),
                                pkce.verifier()),
                now.plus(STATE_TTL),
                browserBinding == null ? null : Digests.sha256Hex(browserBinding),
                now);
        if (!started) {
            throw new ConnectException("session_used", "This connect link was already used; start again from the app.");
        }
        String authorizeUrl = integration.endpoint(provider, "authorize").orElseThrow();
        return new AuthorizationRequest(
                        authorizeUrl, integration.clientId(), redirectUri(), integration.scopes(), state, pkce)
                .toUri(provider.oauth());
    }

    private void requireActiveInstallation(CredentialKey installationKey) {
        boolean active = credentials
                .find(installationKey)
                .map(c -> c.status() != CredentialStatus.REVOKED)
                .orElse(false);
        if (!active) {
            throw BrokerException.conflict(
                    "installation_required",
                    "Tenant '" + installationKey.tenantId()
                            + "' has no active " + installationKey.provider()
                            + " installation; an admin must install the app before users can authorize.");
        }
    }
}
