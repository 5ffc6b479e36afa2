package dev.authpipe.provider;

/** Encoding of a token request body. RFC 6749 specifies form encoding; some providers take JSON. */
public enum BodyFormat {
    FORM,
    JSON
}
