package dev.authpipe.vault;

import java.util.Optional;

/**
 * Storage for wrapped keysets. Holds only ciphertext: every keyset is wrapped by the KEK with its
 * scope as associated data before it gets here.
 */
public interface KeyringStore {
    Optional<byte[]> find(KeyScope scope);

    /**
     * Stores {@code wrapped} unless the scope already has a keyset, and returns the keyset that is
     * stored afterwards (the existing one when another writer got there first).
     */
    byte[] insertIfAbsent(KeyScope scope, byte[] wrapped);

    /** Replaces the keyset only if it is still {@code expected}; returns whether it did. */
    boolean replace(KeyScope scope, byte[] expected, byte[] wrapped);

    /** Deletes the scope's keyset: everything sealed under it becomes unreadable. */
    void delete(KeyScope scope);

    /** Every scope that has a keyset (for rotation and re-wrapping, which visit them all). */
    java.util.List<KeyScope> scopes();

    /** Replaces the check value only if it is still {@code expected}; returns whether it did. */
    boolean replaceKekCheck(byte[] expected, byte[] check);

    /** The master-key check value, if this store has one yet. */
    Optional<byte[]> kekCheck();

    /** Stores the check value unless one exists; returns the stored one. */
    byte[] insertKekCheckIfAbsent(byte[] check);
}
