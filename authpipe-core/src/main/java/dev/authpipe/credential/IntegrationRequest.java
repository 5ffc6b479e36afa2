package dev.authpipe.credential;

import dev.authpipe.vault.Secret;
import java.util.List;
import java.util.Map;

/**
 * What a project asks for when it configures a provider.
 *
 * @param scopes null for the provider's default scopes
 */
public record IntegrationRequest(
        String clientId,
        Secret clientSecret,
        List<String> scopes,
        Map<String, String> endpointOverrides,
        Map<String, String> settings) {}
