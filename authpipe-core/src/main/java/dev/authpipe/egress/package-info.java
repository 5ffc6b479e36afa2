/**
 * Egress: which network destinations the broker's own outbound requests (token, account, health
 * and revocation calls to providers; webhook deliveries) may reach. A server shared by several
 * projects can forbid loopback, private and link-local destinations, so that a project key cannot
 * turn the broker into a probe of the network it runs in.
 */
package dev.authpipe.egress;
