package dev.authpipe.server.api;

import dev.authpipe.credential.Project;
import dev.authpipe.events.Event;
import dev.authpipe.events.Events;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /v1/events?after=&limit=}: the project's events, oldest first. {@code nextCursor} is
 * always set (to the input cursor when nothing new arrived) so a poller can keep calling with it.
 */
public final class EventsApi {
    private final Events events;

    public EventsApi(Events events) {
        this.events = events;
    }

    public void list(Context ctx) {
        Params.allowOnly(ctx, Set.of("after", "limit"));
        Project project = Auth.project(ctx);
        long after = cursor(Params.query(ctx, "after"));
        int limit = Params.intInRange(ctx, "limit", 100, 1, 1000);
        List<Event> page = events.page(project.id(), after, limit);
        long next = page.isEmpty() ? after : page.get(page.size() - 1).sequence();
        ctx.json(Views.page(page.stream().map(Views::event).toList(), Long.toString(next)));
    }

    private static long cursor(String value) {
        if (value == null) {
            return 0;
        }
        try {
            long n = Long.parseLong(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiError.invalid("after", "after must be a cursor returned as nextCursor (a non-negative integer).");
    }
}
