/**
 * Background work that sweeps through due items: refreshes, health checks, webhook deliveries.
 * One {@link dev.authpipe.background.Sweeper} claims a batch (through an index, with a lease, so
 * several nodes share the work), processes it on a small pool and repeats; tests call
 * {@link dev.authpipe.background.Sweeper#runOnce()} directly after moving their clock.
 */
package dev.authpipe.background;
