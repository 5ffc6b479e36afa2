package dev.authpipe.vault;

import com.google.crypto.tink.AccessesPartialKey;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.util.SecretBytes;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;

/** A key-encryption key held in memory: AES-256-GCM over 32 raw bytes of master key. */
public final class LocalKek implements Kek {
    public static final int KEY_BYTES = 32;

    private final Aead aead;

    private LocalKek(Aead aead) {
        this.aead = aead;
    }

    /**
     * Parses the documented master-key format: standard base64 of exactly 32 random bytes (what
     * {@code openssl rand -base64 32} prints). Surrounding whitespace is ignored.
     *
     * @throws IllegalArgumentException naming what is wrong, never echoing the key
     */
    public static LocalKek fromBase64(String encoded) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encoded.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "is not valid base64 (expected the output of `openssl rand -base64 32`)");
        }
        try {
            if (raw.length != KEY_BYTES) {
                throw new IllegalArgumentException(
                        "must decode to exactly 32 bytes, got " + raw.length + " (use `openssl rand -base64 32`)");
            }
            return fromRawBytes(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    @AccessesPartialKey
    static LocalKek fromRawBytes(byte[] raw) {
        Vault.registerTinkPrimitives();
        try {
            AesGcmParameters parameters = AesGcmParameters.builder()
                    .setKeySizeBytes(KEY_BYTES)
                    .setIvSizeBytes(12)
                    .setTagSizeBytes(16)
                    .setVariant(AesGcmParameters.Variant.NO_PREFIX)
                    .build();
            AesGcmKey key = AesGcmKey.builder()
                    .setParameters(parameters)
                    .setKeyBytes(SecretBytes.copyFrom(raw, InsecureSecretKeyAccess.get()))
                    .build();
            KeysetHandle handle = KeysetHandle.newBuilder()
                    .addEntry(KeysetHandle.importKey(key).withFixedId(1).makePrimary())
                    .build();
            return new LocalKek(handle.getPrimitive(RegistryConfiguration.get(), Aead.class));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the master key AEAD", e);
        }
    }

    /** Generates a fresh master key and returns it in the documented base64 format. */
    public static String generateBase64() {
        byte[] raw = new byte[KEY_BYTES];
        Randomness.secure().nextBytes(raw);
        try {
            return Base64.getEncoder().encodeToString(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    @Override
    public Aead aead() {
        return aead;
    }

    @Override
    public String description() {
        return "local";
    }

    @Override
    public String toString() {
        return "LocalKek[***]";
    }
}
