package dev.authpipe.provider;

/** Client authentication at the token endpoint (RFC 6749 §2.3.1). */
public enum ClientAuthentication {
    /** HTTP Basic with the URL-encoded client id and secret; what RFC 6749 says servers must support. */
    CLIENT_SECRET_BASIC,
    /** {@code client_id} and {@code client_secret} in the request body. */
    CLIENT_SECRET_POST
}
