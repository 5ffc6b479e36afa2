package dev.authpipe.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Development only: a master key generated on first use and kept in a plain file next to the data.
 *
 * <p>Anyone who can read the file can read every secret in the database, which is why it exists
 * only behind an explicit dev-mode switch and why the server announces it loudly at start-up.
 */
public final class InsecureDevMasterKey {
    private InsecureDevMasterKey() {}

    /** Loads the key at {@code file}, creating it (mode 0600 where supported) if it does not exist. */
    public static LocalKek loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return LocalKek.fromBase64(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the dev master key file " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createFile(file);
        } catch (FileAlreadyExistsException raced) {
            return;
        }
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Non-POSIX file systems keep their default permissions.
        }
        Files.writeString(file, LocalKek.generateBase64() + "\n", StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
    }
}
