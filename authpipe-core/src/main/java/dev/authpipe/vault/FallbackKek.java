package dev.authpipe.vault;

import com.google.crypto.tink.Aead;
import java.security.GeneralSecurityException;

/**
 * Master-key rotation: wraps with the new key, and unwraps with the new key or, failing that, the
 * previous one. While both are configured, keysets wrapped under either open; re-wrapping moves
 * them all to the new key, after which the previous one can be dropped.
 */
public final class FallbackKek implements Kek {
    private final Kek current;
    private final Aead aead;

    public FallbackKek(Kek current, Kek previous) {
        this.current = current;
        this.aead = new Aead() {
            @Override
            public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
                return current.aead().encrypt(plaintext, associatedData);
            }

            @Override
            public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
                try {
                    return current.aead().decrypt(ciphertext, associatedData);
                } catch (GeneralSecurityException notUnderTheCurrentKey) {
                    return previous.aead().decrypt(ciphertext, associatedData);
                }
            }
        };
    }

    @Override
    public Aead aead() {
        return aead;
    }

    /** The new key alone, for checking that re-wrapping is complete. */
    public Kek current() {
        return current;
    }

    @Override
    public String description() {
        return current.description() + " (previous key still accepted)";
    }
}
