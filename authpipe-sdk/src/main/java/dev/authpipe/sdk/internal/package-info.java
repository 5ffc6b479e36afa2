/**
 * Plumbing of the Authpipe SDK that is not part of its API and may change in any release.
 *
 * <p>It holds a strict JSON reader, so that the SDK needs no JSON library on its users' class path. Values come back
 * as plain, unmodifiable JDK types, which is also how {@link dev.authpipe.sdk.Credential#metadata()} exposes them.
 */
package dev.authpipe.sdk.internal;
