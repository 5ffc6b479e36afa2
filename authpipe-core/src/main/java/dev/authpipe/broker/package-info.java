/**
 * The broker's public operations on credentials: hand out a valid token ({@code getCredential}),
 * import tokens from elsewhere, list installations and their users, and uninstall. Lifecycle
 * events are recorded in the same transaction as the change.
 */
package dev.authpipe.broker;
