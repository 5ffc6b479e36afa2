package dev.authpipe.credential;

import java.util.function.Supplier;

/**
 * Runs work in one database transaction: every store call made by {@code work} on this thread
 * commits together or not at all. Nested calls join the outer transaction.
 */
public interface Transactor {
    <T> T inTransaction(Supplier<T> work);
}
