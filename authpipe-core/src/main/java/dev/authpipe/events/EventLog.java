package dev.authpipe.events;

import java.util.List;

/** Append-only storage of events. Appends join the caller's transaction. */
public interface EventLog {
    /** Appends and returns the event with its sequence. */
    Event append(Event event);

    /** Up to {@code limit} events of the project with sequence greater than {@code after}, oldest first. */
    List<Event> page(String projectId, long after, int limit);
}
