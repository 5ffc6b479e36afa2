package dev.authpipe.connect;

import dev.authpipe.vault.Secret;
import java.time.Instant;

/** A new connect session: the token (shown once), the URL that opens it and its expiry. */
public record CreatedSession(Secret token, String url, Instant expiresAt) {}
