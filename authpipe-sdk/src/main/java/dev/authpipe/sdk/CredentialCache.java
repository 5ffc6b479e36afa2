package dev.authpipe.sdk;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Local cache of credentials with single-flight fetching.
 *
 * <p>Each cached credential has two deadlines, both in epoch millis of the injected clock:
 *
 * <ul>
 *   <li><b>fresh until</b> {@code expiresAt - margin}: until then it is returned as is, with no network call. A token
 *       without expiry is fresh for one margin after it was fetched, so that a revoked one is noticed.
 *   <li><b>refresh after</b> half a margin earlier: a read after that still returns the cached credential at once but
 *       also starts one background fetch, so a busy caller never waits for the network. The server is asked for
 *       twice the margin of validity, so a refreshed token is fresh for at least half a margin more, even when the
 *       server hands back the token it already had.
 * </ul>
 *
 * <p>A read that hits compares one {@code long} with {@link Clock#millis()} and allocates nothing. Concurrent misses
 * for one request share one fetch, and every caller gets its result or the same exception; different requests never
 * wait for each other. Failures are not cached. A failed background fetch keeps the cached credential while it is
 * fresh, unless the server said it must not be used any more (uninstalled, unauthorized, revoked, key refused).
 */
final class CredentialCache {
    private final ConcurrentHashMap<CredentialRequest, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<CredentialRequest, CompletableFuture<Credential>> inFlight =
            new ConcurrentHashMap<>();
    private final Function<CredentialRequest, CompletableFuture<Credential>> fetcher;
    private final Clock clock;
    private final long marginMillis;
    private volatile boolean closed;

    CredentialCache(
            Function<CredentialRequest, CompletableFuture<Credential>> fetcher, Clock clock, long marginMillis) {
        this.fetcher = fetcher;
        this.clock = clock;
        this.marginMillis = marginMillis;
    }

    Credential get(CredentialRequest request) {
        Entry entry = entries.get(request);
        if (entry != null) {
            long now = clock.millis();
            if (now < entry.refreshAfterMillis) {
                return entry.credential;
            }
            if (now < entry.freshUntilMillis) {
                if (entry.refreshStarted.compareAndSet(false, true)) {
                    CompletableFuture<Credential> unused = fetch(request);
                }
                return entry.credential;
            }
        }
        return await(fetch(request));
    }

    void invalidate(CredentialRequest request) {
        entries.remove(request);
    }

    /** Drops every entry and keeps fetches still under way from adding new ones. */
    void close() {
        closed = true;
        entries.clear();
    }

    boolean isClosed() {
        return closed;
    }

    int size() {
        return entries.size();
    }

    private CompletableFuture<Credential> fetch(CredentialRequest request) {
        CompletableFuture<Credential> created = new CompletableFuture<>();
        CompletableFuture<Credential> running = inFlight.putIfAbsent(request, created);
        if (running != null) {
            return running;
        }
        // Another caller's fetch may have finished between our cache miss and putIfAbsent.
        Entry entry = entries.get(request);
        if (entry != null && clock.millis() < entry.refreshAfterMillis) {
            inFlight.remove(request, created);
            created.complete(entry.credential);
            return created;
        }
        CompletableFuture<Credential> response;
        try {
            response = fetcher.apply(request);
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Credential> unused = response.whenComplete((credential, thrown) -> {
            Throwable failure =
                    thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
            // Cache before leaving the in-flight map, so that a caller who finds no fetch finds the entry.
            if (failure == null) {
                entries.put(request, entryFor(credential));
                if (closed) {
                    entries.remove(request);
                }
            } else if (unusable(failure)) {
                entries.remove(request);
            }
            inFlight.remove(request, created);
            if (failure == null) {
                created.complete(credential);
            } else {
                created.completeExceptionally(failure);
            }
        });
        return created;
    }

    private Entry entryFor(Credential credential) {
        Instant expiresAt = credential.expiresAt();
        long freshUntil = expiresAt == null ? clock.millis() + marginMillis : epochMillis(expiresAt) - marginMillis;
        return new Entry(credential, freshUntil - marginMillis / 2, freshUntil);
    }

    private static boolean unusable(Throwable failure) {
        return failure instanceof NotInstalled
                || failure instanceof NotAuthorized
                || failure instanceof ReconnectRequired
                || failure instanceof Unauthorized;
    }

    /** Epoch millis clamped to a range in which adding or subtracting a margin cannot overflow. */
    private static long epochMillis(Instant instant) {
        long limit = Long.MAX_VALUE / 4;
        if (instant.isAfter(Instant.ofEpochMilli(limit))) {
            return limit;
        }
        return instant.isBefore(Instant.ofEpochMilli(-limit)) ? -limit : instant.toEpochMilli();
    }

    private static Credential await(CompletableFuture<Credential> fetch) {
        try {
            return fetch.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtimeException) {
                throw runtimeException;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new AuthpipeException(AuthpipeException.NETWORK_ERROR, "Fetching the credential failed", 0, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthpipeException(
                    AuthpipeException.NETWORK_ERROR, "Interrupted while waiting for Authpipe", 0, e);
        }
    }

    private static final class Entry {
        final Credential credential;
        final long refreshAfterMillis;
        final long freshUntilMillis;
        final AtomicBoolean refreshStarted = new AtomicBoolean();

        Entry(Credential credential, long refreshAfterMillis, long freshUntilMillis) {
            this.credential = credential;
            this.refreshAfterMillis = refreshAfterMillis;
            this.freshUntilMillis = freshUntilMillis;
        }
    }
}
