package dev.authpipe.server;

import dev.authpipe.vault.FallbackKek;
import dev.authpipe.vault.InsecureDevMasterKey;
import dev.authpipe.vault.Kek;
import dev.authpipe.vault.LocalKek;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Resolves {@code AUTHPIPE_MASTER_KEY} (base64 or {@code file:PATH}) or, in dev mode only, the insecure local key. */
final class MasterKeys {
    private static final Logger LOG = LoggerFactory.getLogger(MasterKeys.class);
    static final String DEV_KEY_FILE = "dev-master-key.INSECURE";

    private MasterKeys() {}

    static Kek resolve(Config config) {
        Kek current = resolveCurrent(config);
        if (config.previousMasterKey() == null) {
            return current;
        }
        LOG.info("AUTHPIPE_PREVIOUS_MASTER_KEY is set: keysets wrapped under either key open;"
                + " run `authpipe keys rewrap`, then remove it");
        return new FallbackKek(
                current,
                parse("AUTHPIPE_PREVIOUS_MASTER_KEY", config.previousMasterKey().reveal()));
    }

    private static Kek resolveCurrent(Config config) {
        if (config.masterKey() == null) {
            Path file = config.dataDirectory().resolve(DEV_KEY_FILE);
            LOG.warn("");
            LOG.warn("************************************************************************");
            LOG.warn("*  DEV MODE: using an INSECURE master key stored in plain text at");
            LOG.warn("*  {}", file.toAbsolutePath().normalize());
            LOG.warn("*  Anyone who can read that file can read every token in the database.");
            LOG.warn("*  Never use dev mode in production: set AUTHPIPE_MASTER_KEY instead.");
            LOG.warn("************************************************************************");
            return InsecureDevMasterKey.loadOrCreate(file);
        }
        return parse("AUTHPIPE_MASTER_KEY", config.masterKey().reveal());
    }

    /** A key given as base64 or {@code file:PATH}; errors name {@code variable} and never echo the key. */
    private static Kek parse(String variable, String value) {
        if (value.startsWith("file:")) {
            Path path = Path.of(value.substring("file:".length()));
            String content;
            try {
                content = Files.readString(path, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new ConfigException(variable + " names file " + path + ", which cannot be read");
            }
            try {
                return LocalKek.fromBase64(content);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(variable + " file " + path + " " + e.getMessage());
            }
        }
        try {
            return LocalKek.fromBase64(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(variable + " " + e.getMessage());
        }
    }
}
