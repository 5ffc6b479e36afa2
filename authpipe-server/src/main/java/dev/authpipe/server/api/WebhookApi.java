package dev.authpipe.server.api;

import dev.authpipe.credential.Project;
import dev.authpipe.events.Delivery;
import dev.authpipe.events.Webhook;
import dev.authpipe.events.Webhooks;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v1/webhook}: the project's endpoint (the signing secret is returned once, when set) and
 * the history of deliveries with their attempts.
 */
public final class WebhookApi {
    private final Webhooks webhooks;

    public WebhookApi(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    public void put(Context ctx) {
        Project project = Auth.project(ctx);
        JsonBody body = JsonBody.read(ctx, Set.of("url", "events"));
        String url = body.requiredString("url", 2048);
        List<String> events = body.optionalStrings("events", 20, 64);
        boolean existed = webhooks.find(project.id()).isPresent();
        Webhooks.Configured configured = webhooks.configure(project.id(), url, events);
        Map<String, Object> view = view(configured.webhook());
        view.put("secret", configured.secret().reveal());
        ctx.header("Cache-Control", "no-store");
        ctx.status(existed ? 200 : 201).json(view);
    }

    public void get(Context ctx) {
        Project project = Auth.project(ctx);
        ctx.json(view(webhooks.find(project.id()).orElseThrow(WebhookApi::notFound)));
    }

    public void delete(Context ctx) {
        Project project = Auth.project(ctx);
        if (!webhooks.delete(project.id())) {
            throw notFound();
        }
        ctx.status(204);
    }

    public void deliveries(Context ctx) {
        Params.allowOnly(ctx, Set.of("status", "cursor", "limit"));
        Project project = Auth.project(ctx);
        String status = Params.query(ctx, "status");
        if (status != null && !Set.of(Delivery.PENDING, Delivery.DELIVERED).contains(status)) {
            throw ApiError.invalid("status", "status must be one of pending, delivered.");
        }
        int limit = Params.intInRange(ctx, "limit", 50, 1, 200);
        String cursor = Params.query(ctx, "cursor");
        Instant beforeCreated = null;
        String beforeId = null;
        if (cursor != null) {
            String[] parts = Cursors.decode(cursor, 2, "cursor");
            try {
                beforeCreated = Instant.ofEpochMilli(Long.parseLong(parts[0]));
            } catch (NumberFormatException e) {
                throw ApiError.invalid("cursor", "cursor is not valid; pass the nextCursor of a previous page.");
            }
            beforeId = parts[1];
        }
        List<Delivery> page = webhooks.deliveries(project.id(), status, beforeCreated, beforeId, limit + 1);
        String next = null;
        if (page.size() > limit) {
            page = page.subList(0, limit);
            Delivery last = page.get(limit - 1);
            next = Cursors.encode(Long.toString(last.createdAt().toEpochMilli()), last.id());
        }
        ctx.json(Views.page(page.stream().map(WebhookApi::delivery).toList(), next));
    }

    private static Map<String, Object> view(Webhook w) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("url", w.url());
        v.put("events", w.events());
        v.put("createdAt", w.createdAt());
        v.put("updatedAt", w.updatedAt());
        return v;
    }

    private static Map<String, Object> delivery(Delivery d) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", d.id());
        v.put("eventId", d.eventId());
        v.put("type", d.type());
        v.put("status", d.status());
        v.put("attempts", d.attempts());
        v.put("lastStatus", d.lastStatus());
        v.put("lastError", d.lastError());
        v.put("nextAttemptAt", Delivery.PENDING.equals(d.status()) ? d.nextAttemptAt() : null);
        v.put("createdAt", d.createdAt());
        v.put("deliveredAt", d.deliveredAt());
        return v;
    }

    private static ApiError notFound() {
        return new ApiError(404, "webhook_not_configured", "No webhook is configured; PUT /v1/webhook first.", null);
    }
}
