package dev.authpipe.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InsecureDevMasterKeyTest {
    private static final SealContext CONTEXT = new SealContext(KeyScope.project("prj_1"), "integration/x", "secret");

    @TempDir
    Path dir;

    @Test
    void createsAnOwnerOnlyKeyFileOnFirstUse() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path file = dir.resolve("data").resolve("master.key");

        InsecureDevMasterKey.loadOrCreate(file);

        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        String content = Files.readString(file, StandardCharsets.US_ASCII);
        assertThat(content).endsWith("\n");
        assertThat(Base64.getDecoder().decode(content.strip())).hasSize(LocalKek.KEY_BYTES);
    }

    @Test
    void loadsTheSameKeyAgainWithoutRewritingTheFile() throws IOException {
        Path file = dir.resolve("master.key");
        InMemoryKeyringStore store = new InMemoryKeyringStore();
        Vault first = new Vault(InsecureDevMasterKey.loadOrCreate(file), store);
        first.verifyKek();
        Sealed sealed = first.seal(CONTEXT, Secret.of("client secret"));
        byte[] content = Files.readAllBytes(file);

        Vault second = new Vault(InsecureDevMasterKey.loadOrCreate(file), store);

        second.verifyKek();
        assertThat(second.open(CONTEXT, sealed).reveal()).isEqualTo("client secret");
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }

    @Test
    void loadsAKeyFileWrittenByHand() throws IOException {
        String key = LocalKek.generateBase64();
        Path file = dir.resolve("master.key");
        Files.writeString(file, key + "\n", StandardCharsets.US_ASCII);
        InMemoryKeyringStore store = new InMemoryKeyringStore();
        new Vault(LocalKek.fromBase64(key), store).verifyKek();

        new Vault(InsecureDevMasterKey.loadOrCreate(file), store).verifyKek();

        assertThat(Files.readString(file, StandardCharsets.US_ASCII)).isEqualTo(key + "\n");
    }

    @Test
    void differentFilesGiveDifferentKeys() {
        InMemoryKeyringStore store = new InMemoryKeyringStore();
        new Vault(InsecureDevMasterKey.loadOrCreate(dir.resolve("a.key")), store).verifyKek();

        Vault other = new Vault(InsecureDevMasterKey.loadOrCreate(dir.resolve("b.key")), store);

        assertThatThrownBy(other::verifyKek).isInstanceOf(WrongMasterKeyException.class);
    }

    @Test
    void aCorruptKeyFileIsRefusedWithoutEchoingIt() throws IOException {
        Path file = dir.resolve("master.key");
        Files.writeString(file, "c2hvcnQ=\n", StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> InsecureDevMasterKey.loadOrCreate(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("c2hvcnQ");
    }
}
