/**
 * The server: {@link dev.authpipe.server.AuthpipeServer} is the one composition root that builds
 * every object by hand, {@link dev.authpipe.server.Config} the validated configuration,
 * {@link dev.authpipe.server.Routes} the one route table, and {@link dev.authpipe.server.Main} the
 * command line. Handlers live in {@code server.api} (REST) and {@code server.connect} (browser).
 */
package dev.authpipe.server;
