package dev.authpipe.health;

import dev.authpipe.credential.CredentialKey;
import java.time.Instant;

/**
 * A credential's health record.
 *
 * @param failures consecutive transient failures
 * @param lastCheckedAt when a check last ran, or null if never
 * @param lastError what the last failed check said (no secrets), or null
 * @param nextCheckAt when the scheduler checks it next, or null when checks have stopped (revoked)
 */
public record HealthState(
        CredentialKey key, Health health, int failures, Instant lastCheckedAt, String lastError, Instant nextCheckAt) {}
