package dev.authpipe.health;

import dev.authpipe.credential.CredentialKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Persistence of health records, one per credential (deleted with it). */
public interface HealthStore {
    Optional<HealthState> find(CredentialKey key);

    /** A fresh record for a new or reconnected credential: healthy, first check at {@code nextCheckAt}. */
    void reset(CredentialKey key, Instant nextCheckAt);

    /**
     * Brings forward to {@code at} the next check of every user credential under {@code
     * installationKey} that is scheduled later (a user whose checks have stopped is left alone).
     */
    void checkUsersBy(CredentialKey installationKey, Instant at);

    /**
     * Writes the outcome of a check of credential {@code credentialId} and gives up any lease on the
     * record, only if that credential is still the one stored under the key (not deleted, not
     * replaced by a reconnect while it was checked). Returns whether it wrote.
     */
    boolean record(HealthState state, String credentialId);

    /**
     * Claims up to {@code limit} records whose check is due for {@code owner} until {@code until},
     * earliest first, through the index on the next check time.
     */
    List<CredentialKey> claimDue(Instant now, int limit, String owner, Instant until);
}
