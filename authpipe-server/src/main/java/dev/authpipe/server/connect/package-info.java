/**
 * The browser side of the connect flow: {@code GET /connect/{token}} sends the browser to the
 * provider; {@code GET /oauth/callback} finishes and either renders a small page that posts the
 * outcome to {@code window.opener} at the session's exact origin (never {@code *}) and closes, or
 * redirects to the session's return URL. Pages carry no secrets, send no referrer, are never
 * cached and run only their own nonce'd script.
 */
package dev.authpipe.server.connect;
