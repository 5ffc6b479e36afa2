/**
 * The Authpipe Java SDK: hands your backend a valid OAuth access token for one of your tenants in one call.
 *
 * <p>{@link dev.authpipe.sdk.Authpipe} talks to a self-hosted Authpipe server with a project secret key. Ask it for a
 * {@link dev.authpipe.sdk.Credential} by {@link dev.authpipe.sdk.CredentialRequest}: the installation ("bot")
 * credential of a tenant, or one user's credential inside that installation. The server refreshes provider tokens; this
 * SDK keeps a local cache so that a hot path reads a token without a network call while it stays valid for longer than
 * the safety margin, refreshes it in the background shortly before that, and lets concurrent callers share a single
 * request per credential.
 *
 * <p>Failures are unchecked {@link dev.authpipe.sdk.AuthpipeException}s carrying the server's error code; the ones a
 * caller is expected to act on have their own types ({@link dev.authpipe.sdk.NotInstalled},
 * {@link dev.authpipe.sdk.NotAuthorized}, {@link dev.authpipe.sdk.ReconnectRequired},
 * {@link dev.authpipe.sdk.ProviderUnavailable}, {@link dev.authpipe.sdk.Unauthorized}).
 *
 * <p>The SDK depends on the JDK only and never logs; tokens and the secret key never appear in {@code toString()} or
 * in exception messages.
 */
package dev.authpipe.sdk;
