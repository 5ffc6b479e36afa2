package dev.authpipe.sandbox;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Scripted failures: the next N requests under a path prefix get a canned reply (a 5xx, or a 429 with
 * {@code Retry-After}, harvest.md §1.13) instead of reaching their endpoint. Faults are consumed in the
 * order they were added; a request uses at most one.
 */
final class Faults {
    private final List<Fault> pending = new ArrayList<>();

    synchronized void add(String pathPrefix, Reply reply, int times) {
        if (times <= 0) {
            throw new IllegalArgumentException("times must be positive");
        }
        pending.add(new Fault(pathPrefix, reply, times));
    }

    /** The reply of the first pending fault matching the path, using up one of its times. */
    synchronized Optional<Reply> take(String path) {
        for (Iterator<Fault> it = pending.iterator(); it.hasNext(); ) {
            Fault fault = it.next();
            if (path.startsWith(fault.pathPrefix)) {
                if (--fault.remaining == 0) {
                    it.remove();
                }
                return Optional.of(fault.reply);
            }
        }
        return Optional.empty();
    }

    synchronized void clear() {
        pending.clear();
    }

    private static final class Fault {
        final String pathPrefix;
        final Reply reply;
        int remaining;

        Fault(String pathPrefix, Reply reply, int remaining) {
            this.pathPrefix = pathPrefix;
            this.reply = reply;
            this.remaining = remaining;
        }
    }
}
