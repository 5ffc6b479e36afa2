/**
 * The connect flow: how an installation or a user authorization comes to exist.
 *
 * <p>A project's backend mints a short-lived, single-use connect session; the browser opens it and
 * is sent to the provider with a fresh 256-bit {@code state} bound to that session, PKCE S256 and
 * the exact redirect URI; the callback consumes the state once, exchanges the code at the token
 * endpoint of the provider the state was issued for (and no other), discovers the grant's
 * accounts, enforces the Installation + User rules and stores the credential with its event in
 * one transaction. Every failure stores nothing.
 */
package dev.authpipe.connect;
