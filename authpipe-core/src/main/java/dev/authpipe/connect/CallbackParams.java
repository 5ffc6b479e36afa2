package dev.authpipe.connect;

import dev.authpipe.vault.Secret;

/**
 * The query of a redirect to {@code /oauth/callback} (RFC 6749 §4.1.2, §4.1.2.1; RFC 9207 iss).
 *
 * @param scope Harvest puts the granted accounts here (harvest.md §1.5)
 */
public record CallbackParams(Secret code, String state, String scope, String error, String iss) {}
