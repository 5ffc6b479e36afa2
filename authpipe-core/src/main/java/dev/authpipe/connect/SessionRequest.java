package dev.authpipe.connect;

import dev.authpipe.credential.CredentialFor;

/**
 * A backend's request for a connect session ({@code POST /v1/connect/sessions}), already checked
 * for shape by the API layer.
 */
public record SessionRequest(
        String provider,
        String tenantId,
        CredentialFor credentialFor,
        String userId,
        String origin,
        String returnUrl) {}
