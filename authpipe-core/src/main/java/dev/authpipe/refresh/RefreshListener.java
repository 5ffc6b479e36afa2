package dev.authpipe.refresh;

import java.time.Duration;

/** Hears every refresh attempt: the seam metrics hang on. Must be fast and must not throw. */
public interface RefreshListener {
    /** The outcome of one attempt at the provider. */
    enum Outcome {
        SUCCESS,
        REVOKED,
        FAILED
    }

    void attempted(String provider, RefreshReason reason, Outcome outcome, Duration took);

    RefreshListener NONE = (provider, reason, outcome, took) -> {};
}
