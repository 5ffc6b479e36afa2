package dev.authpipe.broker;

import dev.authpipe.credential.Credential;
import dev.authpipe.credential.CredentialKey;
import dev.authpipe.credential.CredentialStore;
import dev.authpipe.credential.Integration;
import dev.authpipe.credential.Integrations;
import dev.authpipe.credential.TokenSealer;
import dev.authpipe.oauth.ClientCredentials;
import dev.authpipe.oauth.ProviderUnavailableException;
import dev.authpipe.oauth.TokenRevocation;
import dev.authpipe.provider.Provider;
import dev.authpipe.vault.Secret;
import dev.authpipe.vault.Vault;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revokes grants at the provider on uninstall, where the provider offers revocation (its catalog
 * names a revocation endpoint, or the integration overrides {@code revoke}). Best effort: a
 * provider that cannot be reached does not stop the local deletion, and the event says how many
 * grants were revoked. Harvest documents no revocation endpoint.
 */
public final class UpstreamRevocation {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamRevocation.class);
    private static final int USERS_PER_PAGE = 200;

    private final Integrations integrations;
    private final CredentialStore store;
    private final Vault vault;
    private final TokenSealer sealer;
    private final TokenRevocation revocation;

    public UpstreamRevocation(
            Integrations integrations, CredentialStore store, Vault vault, TokenRevocation revocation) {
        this.integrations = integrations;
        this.store = store;
        this.vault = vault;
        this.sealer = new TokenSealer(vault);
        this.revocation = revocation;
    }

    /** Revokes the installation's grant and every user grant of its tenant; returns how many were confirmed. */
    public int revokeAll(Provider provider, CredentialKey installationKey, Credential installation) {
        if (endpoint(provider, installationKey).isEmpty()) {
            return 0;
        }
        int confirmed = revoke(provider, installation) ? 1 : 0;
        String after = null;
        while (true) {
            var users = store.listUsers(installationKey, after, USERS_PER_PAGE);
            for (Credential user : users) {
                confirmed += revoke(provider, user) ? 1 : 0;
            }
            if (users.size() < USERS_PER_PAGE) {
                return confirmed;
            }
            after = users.get(users.size() - 1).key().userId();
        }
    }

    /** Revokes one grant (its refresh token, else its access token); whether the provider confirmed. */
    public boolean revoke(Provider provider, Credential credential) {
        Optional<Integration> integration = integrations.find(credential.key().projectId(), provider.id());
        Optional<String> url = endpoint(provider, credential.key());
        if (integration.isEmpty() || url.isEmpty()) {
            return false;
        }
        Secret token = credential.hasRefreshToken() ? sealer.refreshToken(credential) : sealer.accessToken(credential);
        String hint = credential.hasRefreshToken() ? "refresh_token" : "access_token";
        Secret clientSecret = vault.open(
                Integration.clientSecretContext(credential.key().projectId(), provider.id()),
                integration.get().clientSecret());
        try {
            return revocation.revoke(
                    url.get(),
                    provider.oauth(),
                    new ClientCredentials(integration.get().clientId(), clientSecret),
                    token,
                    hint,
                    integration.get().requestHeaders(provider));
        } catch (ProviderUnavailableException e) {
            LOG.warn("revoking {} at the provider failed ({}); deleting it anyway", credential.key(), e.getMessage());
            return false;
        }
    }

    private Optional<String> endpoint(Provider provider, CredentialKey key) {
        Optional<Integration> integration = integrations.find(key.projectId(), provider.id());
        if (integration.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> override = integration.get().endpoint(provider, "revoke");
        if (override.isPresent()) {
            return override;
        }
        return provider.revocation() == null
                ? Optional.empty()
                : integration.get().endpoint(provider, provider.revocation());
    }
}
