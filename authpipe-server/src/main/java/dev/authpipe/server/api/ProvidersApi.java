package dev.authpipe.server.api;

import dev.authpipe.provider.ProviderCatalog;
import io.javalin.http.Context;
import java.util.Map;

/** {@code GET /v1/providers}: the catalog's public fields. */
public final class ProvidersApi {
    private final ProviderCatalog catalog;

    public ProvidersApi(ProviderCatalog catalog) {
        this.catalog = catalog;
    }

    public void list(Context ctx) {
        Params.allowOnly(ctx, java.util.Set.of());
        ctx.json(Map.of("data", catalog.all().stream().map(Views::provider).toList()));
    }
}
