/**
 * Health monitoring: every credential is checked on a schedule with its provider's cheap identity
 * requests, the answer is classified purely ({@link dev.authpipe.health.HealthPolicy}), and a change
 * is recorded and announced ({@code health.changed}) before a user meets it. Transient failures
 * never flip a healthy credential on their own; recovery is announced too.
 */
package dev.authpipe.health;
