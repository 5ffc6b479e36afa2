package dev.authpipe.provider;

/** PKCE code challenge method (RFC 7636 §4.2). Plain is not offered: S256 or nothing. */
public enum PkceMethod {
    S256,
    NONE
}
