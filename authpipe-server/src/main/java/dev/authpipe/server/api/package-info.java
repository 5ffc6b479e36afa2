/**
 * The REST API under {@code /v1}: one small handler class per resource, strict request parsing
 * (unknown fields, wrong types and oversized bodies are refused before anything changes), JSON
 * views that never carry secrets except where the contract hands one out, and errors shaped
 * {@code {"error":{"code","message"}}}.
 */
package dev.authpipe.server.api;
