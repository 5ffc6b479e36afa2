package dev.authpipe.vault;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Seals and opens secrets with per-scope keysets wrapped by the KEK (Vault's barrier, Tink's
 * envelope model).
 *
 * <p>Unwrapped keysets are cached in memory so a read costs one AES-GCM operation, not a database
 * round trip and an unwrap. A keyset rotated elsewhere is picked up when a value fails to open
 * with the cached one. Sealing first compares the cached keyset with the stored one (one read by
 * key), so that no node seals under a keyset that another node rotated or destroyed: a value sealed
 * under a destroyed keyset could never be opened again. Thread-safe.
 */
public final class Vault {
    private static final byte[] KEK_CHECK_PLAINTEXT = "authpipe master key check".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEK_CHECK_AD = "authpipe.kek-check.v1".getBytes(StandardCharsets.US_ASCII);

    /** How long an unwrapped keyset is kept in memory before it is read and unwrapped again. */
    static final Duration CACHED_KEYSET_LIFETIME = Duration.ofMinutes(5);

    private final Kek kek;
    private final KeyringStore store;
    private final Cache<KeyScope, Keyring> keysets;

    public Vault(Kek kek, KeyringStore store) {
        registerTinkPrimitives();
        this.kek = kek;
        this.store = store;
        // The expiry bounds how long a keyset destroyed on another node keeps opening values here.
        this.keysets = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterWrite(CACHED_KEYSET_LIFETIME)
                .build();
    }

    /** Registers Tink's AEAD primitives; idempotent, so start-up may do it early on another thread. */
    public static void registerTinkPrimitives() {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink AEAD registration failed", e);
        }
    }

    /**
     * Proves the KEK is the one this store's keysets were wrapped with, creating the check value
     * on a new store. Call once at start-up: it fails closed before any request is served.
     *
     * @throws WrongMasterKeyException if the stored check value does not open
     */
    public void verifyKek() {
        Optional<byte[]> existing = store.kekCheck();
        byte[] check = existing.orElseGet(() -> store.insertKekCheckIfAbsent(encryptKekCheck()));
        try {
            kek.aead().decrypt(check, KEK_CHECK_AD);
        } catch (GeneralSecurityException e) {
            throw new WrongMasterKeyException("the master key does not match the one this database was created with;"
                    + " refusing to start (check AUTHPIPE_MASTER_KEY)");
        }
    }

    public Sealed seal(SealContext context, Secret secret) {
        return seal(context, secret.reveal().getBytes(StandardCharsets.UTF_8));
    }

    public Sealed seal(SealContext context, byte[] plaintext) {
        try {
            return Sealed.of(currentKeyset(context.scope()).aead().encrypt(plaintext, context.associatedData()));
        } catch (GeneralSecurityException e) {
            throw new VaultException("sealing failed for " + context.record() + "/" + context.field(), e);
        }
    }

    /**
     * Opens a sealed value in its context.
     *
     * @throws VaultException if the value was sealed in another context (row, field, tenant,
     *     project), was tampered with, or its keyset is gone
     */
    public Secret open(SealContext context, Sealed sealed) {
        return Secret.of(new String(openBytes(context, sealed), StandardCharsets.UTF_8));
    }

    public byte[] openBytes(SealContext context, Sealed sealed) {
        byte[] ad = context.associatedData();
        try {
            return keyset(context.scope(), false).aead().decrypt(sealed.ciphertext(), ad);
        } catch (GeneralSecurityException cachedKeysetFailed) {
            keysets.invalidate(context.scope());
            try {
                return keyset(context.scope(), false).aead().decrypt(sealed.ciphertext(), ad);
            } catch (GeneralSecurityException e) {
                throw new VaultException(
                        "sealed value does not open in its context (" + context.record() + "/" + context.field() + ")");
            }
        }
    }

    /** Adds a fresh key to the scope's keyset and makes it primary; older keys keep opening old values. */
    public void rotate(KeyScope scope) {
        for (int attempt = 0; attempt < 5; attempt++) {
            byte[] current = store.find(scope).orElse(null);
            if (current == null) {
                keyset(scope, true);
                return;
            }
            try {
                KeysetHandle old = unwrap(scope, current).handle();
                KeysetHandle rotated = KeysetHandle.newBuilder(old)
                        .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                                .withRandomId()
                                .makePrimary())
                        .build();
                byte[] wrapped = wrap(scope, rotated);
                if (store.replace(scope, current, wrapped)) {
                    keysets.put(scope, Keyring.of(rotated, wrapped));
                    return;
                }
            } catch (GeneralSecurityException e) {
                throw new VaultException("keyset rotation failed for " + scope.owner(), e);
            }
        }
        throw new VaultException("keyset rotation kept racing with another writer for " + scope.owner());
    }

    /** Adds a fresh primary key to every keyset; returns how many keysets were rotated. */
    public int rotateAll() {
        int rotated = 0;
        for (KeyScope scope : store.scopes()) {
            rotate(scope);
            rotated++;
        }
        return rotated;
    }

    /**
     * Re-wraps every keyset, and the master-key check value, under the current master key (after
     * {@code AUTHPIPE_MASTER_KEY} changed, with the old key still given as
     * {@code AUTHPIPE_PREVIOUS_MASTER_KEY}). Online: each keyset is replaced atomically, and values
     * sealed under it are untouched. Returns how many keysets were re-wrapped.
     */
    public int rewrapAll() {
        int rewrapped = 0;
        for (KeyScope scope : store.scopes()) {
            for (int attempt = 0; attempt < 5; attempt++) {
                byte[] current = store.find(scope).orElse(null);
                if (current == null
                        || store.replace(
                                scope,
                                current,
                                wrap(scope, unwrap(scope, current).handle()))) {
                    break;
                }
            }
            keysets.invalidate(scope);
            rewrapped++;
        }
        byte[] check = store.kekCheck().orElse(null);
        if (check != null) {
            try {
                kek.aead().decrypt(check, KEK_CHECK_AD);
            } catch (GeneralSecurityException e) {
                throw new WrongMasterKeyException("neither master key opens this database's check value");
            }
            store.replaceKekCheck(check, encryptKekCheck());
        }
        return rewrapped;
    }

    /** Crypto-shredding: deletes the scope's keyset, so everything sealed under it is unreadable. */
    public void destroy(KeyScope scope) {
        store.delete(scope);
        keysets.invalidate(scope);
    }

    /** The stored keyset, created if missing; the cached one only while it is still the stored one. */
    private Keyring currentKeyset(KeyScope scope) {
        Optional<byte[]> stored = store.find(scope);
        if (stored.isEmpty()) {
            keysets.invalidate(scope);
            return keyset(scope, true);
        }
        Keyring cached = keysets.getIfPresent(scope);
        if (cached != null && Arrays.equals(cached.wrapped(), stored.get())) {
            return cached;
        }
        Keyring keyring = unwrap(scope, stored.get());
        keysets.put(scope, keyring);
        return keyring;
    }

    private Keyring keyset(KeyScope scope, boolean createIfMissing) {
        Keyring cached = keysets.getIfPresent(scope);
        if (cached != null) {
            return cached;
        }
        Optional<byte[]> stored = store.find(scope);
        byte[] wrapped;
        if (stored.isPresent()) {
            wrapped = stored.get();
        } else if (createIfMissing) {
            wrapped = store.insertIfAbsent(scope, wrap(scope, newKeyset()));
        } else {
            throw new VaultException("no keyset exists for " + scope.owner() + " of project " + scope.projectId());
        }
        Keyring keyring = unwrap(scope, wrapped);
        keysets.put(scope, keyring);
        return keyring;
    }

    private static KeysetHandle newKeyset() {
        try {
            return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, RegistryConfiguration.get());
        } catch (GeneralSecurityException e) {
            throw new VaultException("keyset generation failed", e);
        }
    }

    private byte[] wrap(KeyScope scope, KeysetHandle handle) {
        try {
            return TinkProtoKeysetFormat.serializeEncryptedKeyset(
                    handle, kek.aead(), keyringAd(scope), RegistryConfiguration.get());
        } catch (GeneralSecurityException e) {
            throw new VaultException("keyset wrapping failed for " + scope.owner(), e);
        }
    }

    private Keyring unwrap(KeyScope scope, byte[] wrapped) {
        try {
            return Keyring.of(
                    TinkProtoKeysetFormat.parseEncryptedKeyset(
                            wrapped, kek.aead(), keyringAd(scope), RegistryConfiguration.get()),
                    wrapped);
        } catch (GeneralSecurityException e) {
            throw new VaultException("the keyset for " + scope.owner() + " of project " + scope.projectId()
                    + " does not unwrap with the master key (wrong key, or a keyset moved from another scope)");
        }
    }

    /** An unwrapped keyset, its primitive and the stored bytes it came from, built once per cache fill. */
    private record Keyring(KeysetHandle handle, Aead aead, byte[] wrapped) {
        static Keyring of(KeysetHandle handle, byte[] wrapped) throws GeneralSecurityException {
            return new Keyring(handle, handle.getPrimitive(RegistryConfiguration.get(), Aead.class), wrapped);
        }
    }

    private byte[] encryptKekCheck() {
        try {
            return kek.aead().encrypt(KEK_CHECK_PLAINTEXT, KEK_CHECK_AD);
        } catch (GeneralSecurityException e) {
            throw new VaultException("master key check value could not be created", e);
        }
    }

    private static byte[] keyringAd(KeyScope scope) {
        byte[] label = "authpipe.keyring.v1".getBytes(StandardCharsets.US_ASCII);
        byte[] project = scope.projectId().getBytes(StandardCharsets.UTF_8);
        byte[] owner = scope.owner().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(label.length + 8 + project.length + owner.length)
                .put(label)
                .putInt(project.length)
                .put(project)
                .putInt(owner.length)
                .put(owner)
                .array();
    }
}
