package dev.authpipe.broker;

import dev.authpipe.credential.CredentialStatus;
import dev.authpipe.vault.Secret;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What {@code getCredential} hands out: the opened access token and its facts. */
public record TokenView(
        Secret accessToken,
        String tokenType,
        Instant expiresAt,
        List<String> scopes,
        Map<String, Object> metadata,
        CredentialStatus status) {}
