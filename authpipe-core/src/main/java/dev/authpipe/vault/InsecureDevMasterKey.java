package dev.authpipe.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    /**
     * Writes a complete key to a private temporary file, then moves it into place atomically, so
     * a reader never sees a partial file and a crash never leaves an empty one. A concurrent
     * creator that wins keeps its key.
     */
    private static void create(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".dev-master-key", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Non-POSIX file systems keep their default permissions.
            }
            Files.writeString(temp, LocalKek.generateBase64() + "\n", StandardCharsets.US_ASCII);
            try {
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException raced) {
                // Another process created the key first; use theirs.
            } catch (UnsupportedOperationException noHardLinks) {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
