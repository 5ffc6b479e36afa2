package dev.authpipe.connect;

import dev.authpipe.vault.Secret;

/**
 * The query of a redirect to {@code /oauth/callback} (RFC 6749 §4.1.2, §4.1.2.1; RFC 9207 iss), and
 * the browser-binding cookie the browser presented, if any.
 *
 * @param scope Harvest puts the granted accounts here (harvest.md §1.5)
 * @param browserBinding the value of the cookie set when the connect link was opened, or null
 */
public record CallbackParams(
        Secret code, String state, String scope, String error, String iss, String browserBinding) {}
