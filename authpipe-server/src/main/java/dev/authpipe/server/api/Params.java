package dev.authpipe.server.api;

import dev.authpipe.credential.CredentialFor;
import dev.authpipe.credential.Ids;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Query and path parameters, checked the same way everywhere. */
final class Params {
    private Params() {}

    /** Refuses query parameters outside {@code allowed} and repeated ones. */
    static void allowOnly(Context ctx, Set<String> allowed) {
        for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw ApiError.invalid(
                        e.getKey(),
                        "Unknown query parameter '" + printable(e.getKey()) + "'; allowed: "
                                + String.join(", ", allowed.stream().sorted().toList()) + ".");
            }
            if (e.getValue().size() > 1) {
                throw ApiError.invalid(e.getKey(), "Query parameter '" + e.getKey() + "' is repeated.");
            }
        }
    }

    static String query(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isEmpty() ? null : v;
    }

    static String requiredQuery(Context ctx, String name) {
        String v = query(ctx, name);
        if (v == null) {
            throw ApiError.invalid(name, "Query parameter '" + name + "' is required.");
        }
        return v;
    }

    /** A tenant or user id (from any source), checked against {@link Ids#problemWithExternalId}. */
    static String externalId(String field, String value) {
        String problem = Ids.problemWithExternalId(value);
        if (problem != null) {
            throw ApiError.invalid(field, field + " " + problem + ".");
        }
        return value;
    }

    static CredentialFor credentialFor(String field, String value) {
        return CredentialFor.parse(value)
                .orElseThrow(() -> ApiError.invalid(field, field + " must be one of installation, user."));
    }

    static int intInRange(Context ctx, String name, int fallback, int min, int max) {
        String v = query(ctx, name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiError.invalid(name, name + " must be an integer from " + min + " to " + max + ".");
    }

    /** A user-supplied name made safe to quote: truncated, control characters replaced. */
    static String printable(String value) {
        if (value == null) {
            return "null";
        }
        String cut = value.length() > 64 ? value.substring(0, 64) + "…" : value;
        return cut.replaceAll("[\\p{Cntrl}\\p{Cf}]", "?");
    }
}
