/**
 * The provider catalog: what Authpipe knows about each OAuth provider, as data.
 *
 * <p>Every provider is one YAML file under {@code providers/} (at the repository root, shipped on
 * the classpath), read into immutable records and validated at start-up. Endpoints, scopes and
 * their separator, PKCE support, token-request style, required headers, account discovery and
 * health-check requests are all fields; core code never branches on a provider's name. A quirk
 * that data cannot express becomes a small named strategy selected by a field.
 */
package dev.authpipe.provider;
