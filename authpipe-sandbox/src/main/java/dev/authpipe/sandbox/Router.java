package dev.authpipe.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one HTTP handler: records each request, applies scripted faults, dispatches by method and
 * path through the route table {@link HarvestSandbox} builds, and writes the reply.
 */
final class Router implements HttpHandler {
    /** One endpoint: a request in, a reply out; it may throw {@link Rejection} to answer early. */
    interface Endpoint {
        Reply handle(RecordedRequest request);
    }

    static final Set<String> TOKEN_PATHS = Set.of("/api/v2/oauth2/token", "/api/v1/oauth2/token");
    private static final Logger LOG = Logger.getLogger(Router.class.getName());

    private final Map<String, Endpoint> routes;
    private final Clock clock;
    private final RequestLog log;
    private final Faults faults;
    private final AtomicLong tokenRequests = new AtomicLong();
    private final AtomicLong refreshRequests = new AtomicLong();

    /** @param routes keyed {@code "METHOD /path"} */
    Router(Map<String, Endpoint> routes, Clock clock, RequestLog log, Faults faults) {
        this.routes = Map.copyOf(routes);
        this.clock = clock;
        this.log = log;
        this.faults = faults;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            write(exchange, answer(exchange));
        }
    }

    private Reply answer(HttpExchange exchange) {
        try {
            RecordedRequest request = RecordedRequest.read(exchange, clock.instant());
            log.add(request);
            count(request);
            return faults.take(request.path()).orElseGet(() -> dispatch(request));
        } catch (Rejection rejection) {
            return rejection.reply();
        } catch (IllegalArgumentException malformed) {
            return Reply.oauthError(400, "invalid_request", "Malformed request: " + malformed.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "sandbox endpoint failed", e);
            return Reply.message(500, "Harvest sandbox internal error: " + e);
        }
    }

    private Reply dispatch(RecordedRequest request) {
        Endpoint endpoint = routes.get(request.method() + " " + request.path());
        if (endpoint != null) {
            return endpoint.handle(request);
        }
        boolean otherMethod = routes.keySet().stream().anyMatch(key -> key.endsWith(" " + request.path()));
        return otherMethod
                ? Reply.message(405, "Method Not Allowed")
                : Reply.json(404, Json.object().put("status", 404).put("error", "Not Found"));
    }

    /** Counts attempts, including ones answered by a fault: what a retry or single-flight test needs. */
    private void count(RecordedRequest request) {
        if ("POST".equals(request.method()) && TOKEN_PATHS.contains(request.path())) {
            tokenRequests.incrementAndGet();
            if (request.bodyParam("grant_type").filter("refresh_token"::equals).isPresent()) {
                refreshRequests.incrementAndGet();
            }
        }
    }

    long tokenRequestCount() {
        return tokenRequests.get();
    }

    long refreshCount() {
        return refreshRequests.get();
    }

    private static void write(HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes = reply.body().getBytes(UTF_8);
        reply.headers().forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
