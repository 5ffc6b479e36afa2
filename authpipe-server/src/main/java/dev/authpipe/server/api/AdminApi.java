package dev.authpipe.server.api;

import dev.authpipe.credential.Origins;
import dev.authpipe.credential.Projects;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code POST /v1/admin/projects}: creates a project and shows its secret key once. */
public final class AdminApi {
    private static final int MAX_ORIGINS = 20;

    private final Projects projects;

    public AdminApi(Projects projects) {
        this.projects = projects;
    }

    public void createProject(Context ctx) {
        JsonBody body = JsonBody.read(ctx, Set.of("name", "allowedOrigins"));
        String name = body.requiredString("name", 200);
        if (name.isBlank()) {
            throw ApiError.invalid("name", "name must not be blank.");
        }
        List<String> origins = new ArrayList<>();
        List<String> requested = body.optionalStrings("allowedOrigins", MAX_ORIGINS, 2048);
        for (String origin : requested == null ? List.<String>of() : requested) {
            String normalised = Origins.parseOrigin(origin)
                    .orElseThrow(() -> ApiError.invalid(
                            "allowedOrigins",
                            "allowedOrigins must hold origins like https://app.example.com (scheme, host and optional port;"
                                    + " no path): '" + Params.printable(origin) + "' is not one."));
            if (!origins.contains(normalised)) {
                origins.add(normalised);
            }
        }
        Projects.Created created = projects.create(name, origins);
        ctx.header("Cache-Control", "no-store");
        ctx.status(201)
                .json(Views.createdProject(
                        created.project(), created.secretKey().reveal()));
    }
}
