package dev.authpipe.oauth;

import dev.authpipe.vault.Secret;

/** An OAuth client's id and secret (RFC 6749 §2.3.1). */
public record ClientCredentials(String clientId, Secret clientSecret) {}
