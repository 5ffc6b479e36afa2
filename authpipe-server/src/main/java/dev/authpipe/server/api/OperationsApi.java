package dev.authpipe.server.api;

import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** {@code /healthz}, {@code /readyz}, {@code /metrics} and {@code /openapi.json}: no key needed. */
public final class OperationsApi {
    private final BooleanSupplier databaseReachable;
    private final PrometheusMeterRegistry registry;
    private final byte[] openApi;

    public OperationsApi(BooleanSupplier databaseReachable, PrometheusMeterRegistry registry) {
        this.databaseReachable = databaseReachable;
        this.registry = registry;
        this.openApi = loadOpenApi();
    }

    public void health(Context ctx) {
        ctx.json(Map.of("status", "ok"));
    }

    public void ready(Context ctx) {
        if (databaseReachable.getAsBoolean()) {
            ctx.json(Map.of("status", "ready"));
        } else {
            ErrorResponses.write(ctx, 503, "not_ready", "The database is not reachable.", null);
        }
    }

    public void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
    }

    public void openApi(Context ctx) {
        ctx.contentType("application/json").result(openApi);
    }

    private static byte[] loadOpenApi() {
        try (InputStream in = OperationsApi.class.getClassLoader().getResourceAsStream("openapi/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi/openapi.json is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
