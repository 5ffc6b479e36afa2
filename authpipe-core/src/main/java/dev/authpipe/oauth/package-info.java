/**
 * OAuth 2.0 protocol pieces, free of storage and HTTP-server concerns: PKCE (RFC 7636), the
 * authorization request (RFC 6749 §4.1.1), token requests and responses (§4.1.3, §5, §6), error
 * responses (§5.2), and the outbound HTTP calls to a provider. Provider differences arrive as
 * {@link dev.authpipe.provider.Provider} data, never as branches on a provider's name.
 */
package dev.authpipe.oauth;
