/**
 * The broker's records and their rules: projects and their keys, integrations (a project's
 * configuration of a provider), and credentials in the Installation + User model. An
 * installation credential is keyed by (project, provider, tenant); a user credential by
 * (project, provider, tenant, user) and exists only inside an active installation. Store
 * interfaces live here; JDBC implementations live in the store module.
 */
package dev.authpipe.credential;
