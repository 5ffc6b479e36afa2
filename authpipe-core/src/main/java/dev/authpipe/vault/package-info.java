/**
 * The vault: envelope encryption for every secret Authpipe keeps.
 *
 * <p>Each key scope (a project, or one tenant of a project) owns a Tink AES-256-GCM keyset. The
 * keyset is stored wrapped by the key-encryption key ({@link dev.authpipe.vault.Kek}, the master
 * key from {@code AUTHPIPE_MASTER_KEY}) with the scope as associated data, so a wrapped keyset
 * copied to another scope does not open. Every sealed value is bound by associated data to its
 * project, tenant, record and field: a ciphertext moved to another row, field or tenant fails to
 * open. The database is treated as untrusted and never sees plaintext.
 *
 * <p>Nothing outside this package touches Tink or {@code javax.crypto}.
 */
package dev.authpipe.vault;
