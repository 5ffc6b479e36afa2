package dev.authpipe.server;

import dev.authpipe.vault.Randomness;
import dev.authpipe.vault.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dev mode only: when {@code AUTHPIPE_ADMIN_KEY} is not set, an admin key is generated once and
 * kept in a file next to the data, so the quick start can create a project. The key itself is
 * never logged; the log names the file.
 */
final class DevAdminKey {
    private static final Logger LOG = LoggerFactory.getLogger(DevAdminKey.class);
    static final String FILE = "dev-admin-key.INSECURE";

    private DevAdminKey() {}

    static Secret loadOrCreate(Path dataDirectory) {
        Path file = dataDirectory.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, "ak_" + Randomness.token(24) + "\n", StandardCharsets.US_ASCII);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // Non-POSIX file systems keep their default permissions.
                }
            }
            LOG.warn(
                    "DEV MODE: the admin API key is in {} (set AUTHPIPE_ADMIN_KEY to choose your own)",
                    file.toAbsolutePath().normalize());
            return Secret.of(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}
