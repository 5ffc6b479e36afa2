package dev.authpipe.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Every request the sandbox received, oldest first. Bounded so a sandbox left running for days keeps
 * a steady footprint: past {@link #CAPACITY} entries the oldest are dropped.
 */
final class RequestLog {
    static final int CAPACITY = 10_000;

    private final Deque<RecordedRequest> entries = new ArrayDeque<>();

    synchronized void add(RecordedRequest request) {
        if (entries.size() == CAPACITY) {
            entries.removeFirst();
        }
        entries.addLast(request);
    }

    synchronized List<RecordedRequest> all() {
        return List.copyOf(entries);
    }

    synchronized List<RecordedRequest> under(String pathPrefix) {
        return entries.stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
    }

    synchronized void clear() {
        entries.clear();
    }
}
