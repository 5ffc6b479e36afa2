/**
 * Keeping tokens valid. {@link dev.authpipe.refresh.RefreshPolicy} decides purely, from a
 * credential and the time, whether a refresh is due and why; {@link dev.authpipe.refresh.Refresher}
 * performs it once at a time per credential, re-reading after it gets its turn, persisting the new
 * token set before anything else, and classifying failures: {@code invalid_grant} is terminal,
 * transient failures keep the current token while it is valid.
 */
package dev.authpipe.refresh;
