package dev.authpipe.connect;

import dev.authpipe.vault.Sealed;
import java.time.Instant;
import java.util.Optional;

/** Persistence of connect sessions, with the compare-and-set steps that make them single-use. */
public interface ConnectSessionStore {
    void insert(ConnectSession session);

    Optional<ConnectSession> findByTokenHash(String tokenHash);

    Optional<ConnectSession> findByStateHash(String stateHash);

    /**
     * Marks the session started with its state (and the browser binding's hash, or null), only if
     * it was not started; returns whether it was.
     */
    boolean start(
            String id, String stateHash, Sealed pkceVerifier, Instant stateExpiresAt, String browserHash, Instant now);

    /** Marks the session's callback consumed, only if it was not; returns whether it was. */
    boolean complete(String id, Instant now);

    /** Deletes sessions that expired before {@code cutoff}; returns how many. */
    int deleteExpired(Instant cutoff);
}
