package dev.authpipe.sandbox;

import java.util.Objects;

/**
 * An app registered at Harvest ID → Developers (harvest.md §1.2).
 *
 * <p>{@code redirectUrlPrefix} is the registered Redirect URL; an authorize-time {@code redirect_uri}
 * is accepted when it starts with it (a plain prefix match, as Harvest does, so {@code
 * http://localhost} also admits {@code http://localhost.example}). {@code singleAccount} is the "I
 * need access to one account" setting: consent then grants exactly one account.
 */
public record OAuthClient(String clientId, String clientSecret, String redirectUrlPrefix, boolean singleAccount) {
    /** The sandbox's well-known client id. It is a fake: the secret below is public on purpose. */
    public static final String SANDBOX_CLIENT_ID = "authpipe-sandbox";

    public static final String SANDBOX_CLIENT_SECRET = "sandbox-secret";
    public static final String SANDBOX_REDIRECT_PREFIX = "http://localhost";

    /** The client every sandbox registers unless its options say otherwise. */
    public static final OAuthClient SANDBOX = of(SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_REDIRECT_PREFIX);

    public OAuthClient {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(redirectUrlPrefix, "redirectUrlPrefix");
    }

    /** A multi-account client. */
    public static OAuthClient of(String clientId, String clientSecret, String redirectUrlPrefix) {
        return new OAuthClient(clientId, clientSecret, redirectUrlPrefix, false);
    }

    @Override
    public String toString() {
        return "OAuthClient[" + clientId + ", redirect prefix " + redirectUrlPrefix + "]";
    }
}
