package dev.authpipe.sandbox;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The adjustable behaviour of a running sandbox, set by tests through {@link HarvestSandbox} and read
 * by the endpoints on every request. Each field is independently atomic; one-shot settings
 * ({@code denyNext}, the next consent) are consumed by exactly one authorization.
 */
final class Knobs {
    private final Consent defaultConsent;
    private volatile long expiresInSeconds;
    private volatile boolean rotateRefreshTokens;
    private volatile Duration refreshTokenLifetime;
    private volatile boolean omitRefreshTokenOnRefresh;
    private volatile boolean scopeAsHarvestAll;
    private final AtomicReference<Consent> nextConsent = new AtomicReference<>();
    private final AtomicBoolean denyNext = new AtomicBoolean();

    Knobs(long expiresInSeconds, Consent defaultConsent) {
        this.expiresInSeconds = expiresInSeconds;
        this.defaultConsent = defaultConsent;
    }

    long expiresInSeconds() {
        return expiresInSeconds;
    }

    void expiresInSeconds(long seconds) {
        if (seconds <= 0) {
            throw new IllegalArgumentException("expires_in must be positive");
        }
        expiresInSeconds = seconds;
    }

    boolean rotateRefreshTokens() {
        return rotateRefreshTokens;
    }

    void rotateRefreshTokens(boolean rotate) {
        rotateRefreshTokens = rotate;
    }

    /** {@code null}: refresh tokens never expire (harvest.md §1.8, v2 documents no lifetime). */
    Duration refreshTokenLifetime() {
        return refreshTokenLifetime;
    }

    void refreshTokenLifetime(Duration lifetime) {
        if (lifetime != null && (lifetime.isNegative() || lifetime.isZero())) {
            throw new IllegalArgumentException("refresh token lifetime must be positive or null");
        }
        refreshTokenLifetime = lifetime;
    }

    boolean omitRefreshTokenOnRefresh() {
        return omitRefreshTokenOnRefresh;
    }

    void omitRefreshTokenOnRefresh(boolean omit) {
        omitRefreshTokenOnRefresh = omit;
    }

    boolean scopeAsHarvestAll() {
        return scopeAsHarvestAll;
    }

    void scopeAsHarvestAll(boolean all) {
        scopeAsHarvestAll = all;
    }

    void consentNext(Consent consent) {
        nextConsent.set(consent);
    }

    /** The one-shot consent if set (and consumes it), else the default; {@code null} means show the page. */
    Consent takeConsent() {
        Consent once = nextConsent.getAndSet(null);
        return once != null ? once : defaultConsent;
    }

    void denyNext() {
        denyNext.set(true);
    }

    boolean takeDenyNext() {
        return denyNext.getAndSet(false);
    }
}
