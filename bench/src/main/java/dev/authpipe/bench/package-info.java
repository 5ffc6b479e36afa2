/**
 * Benchmarks. JMH measures the in-process hot paths (SDK cache hit, vault seal/open); the loopback
 * load run ({@code bench/load-run.sh}) measures the server over HTTP. Commands and figures are in
 * {@code docs/benchmarks.md}.
 */
package dev.authpipe.bench;
