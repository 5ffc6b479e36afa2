package dev.authpipe.vault;

import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link KeyringStore} in memory, with the contract of the JDBC stores: rows are copied in and
 * out, inserts never overwrite, replace is compare-and-set on the stored bytes.
 */
public final class InMemoryKeyringStore implements KeyringStore {
    private final ConcurrentMap<KeyScope, byte[]> keysets = new ConcurrentHashMap<>();
    private final AtomicReference<byte[]> kekCheck = new AtomicReference<>();

    @Override
    public Optional<byte[]> find(KeyScope scope) {
        return Optional.ofNullable(keysets.get(scope)).map(byte[]::clone);
    }

    @Override
    public byte[] insertIfAbsent(KeyScope scope, byte[] wrapped) {
        return keysets.computeIfAbsent(scope, s -> wrapped.clone()).clone();
    }

    @Override
    public boolean replace(KeyScope scope, byte[] expected, byte[] wrapped) {
        AtomicBoolean replaced = new AtomicBoolean();
        keysets.computeIfPresent(scope, (s, current) -> {
            if (Arrays.equals(current, expected)) {
                replaced.set(true);
                return wrapped.clone();
            }
            return current;
        });
        return replaced.get();
    }

    @Override
    public void delete(KeyScope scope) {
        keysets.remove(scope);
    }

    @Override
    public Optional<byte[]> kekCheck() {
        return Optional.ofNullable(kekCheck.get()).map(byte[]::clone);
    }

    @Override
    public byte[] insertKekCheckIfAbsent(byte[] check) {
        kekCheck.compareAndSet(null, check.clone());
        return kekCheck.get().clone();
    }

    @Override
    public java.util.List<KeyScope> scopes() {
        return java.util.List.copyOf(keysets.keySet());
    }

    @Override
    public synchronized boolean replaceKekCheck(byte[] expected, byte[] check) {
        byte[] current = kekCheck.get();
        if (current == null || !java.util.Arrays.equals(current, expected)) {
            return false;
        }
        kekCheck.set(check.clone());
        return true;
    }

    /** What an attacker with write access to the database can do: put any bytes in any row. */
    public void overwrite(KeyScope scope, byte[] wrapped) {
        keysets.put(scope, wrapped.clone());
    }
}
