package dev.authpipe.server.connect;

import dev.authpipe.vault.Randomness;
import io.javalin.http.Context;

/**
 * Security headers of connect pages: no referrer (the provider must not see our URLs, and the
 * opener must not see the callback's code), no caching, no framing, no sniffing, and a CSP that
 * runs only this response's nonce'd script and style.
 */
final class PageHeaders {
    private static final String NONCE = "authpipe.nonce";

    private PageHeaders() {}

    static void apply(Context ctx) {
        String nonce = nonce(ctx);
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cross-Origin-Opener-Policy", "unsafe-none");
        ctx.header(
                "Content-Security-Policy",
                "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-" + nonce
                        + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    }

    static String nonce(Context ctx) {
        String nonce = ctx.attribute(NONCE);
        if (nonce == null) {
            nonce = Randomness.token(18);
            ctx.attribute(NONCE, nonce);
        }
        return nonce;
    }
}
