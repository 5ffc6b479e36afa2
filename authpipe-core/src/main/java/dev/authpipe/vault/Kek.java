package dev.authpipe.vault;

import com.google.crypto.tink.Aead;

/**
 * The key-encryption key: wraps and unwraps tenant keysets.
 *
 * <p>This is the seam for key management: {@link LocalKek} holds the master key in memory; a KMS
 * implementation would return an {@link Aead} backed by a remote key and nothing else changes.
 */
public interface Kek {
    /** The AEAD that wraps keysets. Must be thread-safe. */
    Aead aead();

    /** A short, non-secret description for logs, e.g. {@code local}. */
    String description();
}
