package dev.authpipe.server;

import dev.authpipe.store.Database;
import dev.authpipe.store.Stores;
import dev.authpipe.vault.Vault;
import java.time.Clock;

/**
 * The key operations behind {@code authpipe keys rotate} and {@code authpipe keys rewrap}. Both run
 * against the live database while servers keep serving: each keyset is replaced atomically, and a
 * server notices a rotated keyset the first time a value does not open with its cached one.
 */
final class KeyTools {
    private KeyTools() {}

    /** Adds a fresh primary data key to every keyset; returns how many. */
    static int rotateDataKeys(Config config) {
        try (Database database = Database.open(config.databaseUrl())) {
            Vault vault = vault(config, database);
            return vault.rotateAll();
        }
    }

    /** Re-wraps every keyset under {@code AUTHPIPE_MASTER_KEY}; needs the old key as {@code AUTHPIPE_PREVIOUS_MASTER_KEY}. */
    static int rewrap(Config config) {
        if (config.previousMasterKey() == null) {
            throw new ConfigException("AUTHPIPE_PREVIOUS_MASTER_KEY must name the old master key to re-wrap from");
        }
        try (Database database = Database.open(config.databaseUrl())) {
            return vault(config, database).rewrapAll();
        }
    }

    private static Vault vault(Config config, Database database) {
        Vault vault = new Vault(
                MasterKeys.resolve(config),
                Stores.on(database, Clock.systemUTC()).keyrings());
        vault.verifyKek();
        return vault;
    }
}
