/**
 * The durable event log: what happened to a project's installations and credentials, in commit
 * order, readable by cursor ({@code GET /v1/events}) and the source of webhook deliveries. Events
 * are written in the same transaction as the change they describe, so none is lost and none is
 * announced for a change that rolled back. Event data never carries token material.
 */
package dev.authpipe.events;
