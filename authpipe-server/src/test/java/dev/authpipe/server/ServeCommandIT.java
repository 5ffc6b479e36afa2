package dev.authpipe.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authpipe.vault.LocalKek;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar authpipe.jar serve} as an operator meets it: configuration errors and dev mode. */
class ServeCommandIT {
    @TempDir
    Path dir;

    record Exit(int code, String output) {}

    @Test
    void badConfigurationStopsStartUpWithOneLineNamingTheVariable() throws Exception {
        Exit port = run(Map.of("AUTHPIPE_MASTER_KEY", LocalKek.generateBase64(), "AUTHPIPE_PORT", "seventy"));
        assertThat(port.code()).isEqualTo(2);
        assertThat(port.output().strip()).startsWith("authpipe: AUTHPIPE_PORT").doesNotContain("\n");

        Exit noKey = run(Map.of());
        assertThat(noKey.code()).isEqualTo(2);
        assertThat(noKey.output().strip())
                .startsWith("authpipe: AUTHPIPE_MASTER_KEY")
                .doesNotContain("\n");

        Exit badKey = run(Map.of("AUTHPIPE_MASTER_KEY", "too-short"));
        assertThat(badKey.code()).isEqualTo(2);
        assertThat(badKey.output().strip())
                .startsWith("authpipe: AUTHPIPE_MASTER_KEY")
                .doesNotContain("too-short");
    }

    @Test
    void aWrongMasterKeyFailsClosed() throws Exception {
        String key = LocalKek.generateBase64();
        try (BrokerProcess broker = BrokerProcess.start(dir, Map.of("AUTHPIPE_MASTER_KEY", key))) {
            assertThat(Http.browse(broker.baseUrl + "/readyz").status()).isEqualTo(200);
        }
        Exit wrong = run(Map.of("AUTHPIPE_MASTER_KEY", LocalKek.generateBase64(), "AUTHPIPE_PORT", "0"));
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.output().strip()).contains("master key does not match").doesNotContain(key);
    }

    @Test
    void devModeGeneratesAnnouncedLocalKeysAndServes() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir, Map.of(), "--dev")) {
            assertThat(Files.exists(dir.resolve("data/dev-master-key.INSECURE")))
                    .isTrue();
            String adminKey =
                    Files.readString(dir.resolve("data/dev-admin-key.INSECURE")).strip();
            String log = broker.readLog();
            assertThat(log).contains("DEV MODE").contains("INSECURE").doesNotContain(adminKey);
            Http.Response project =
                    new Http(broker.baseUrl, adminKey).post("/v1/admin/projects", Map.of("name", "Dev"));
            assertThat(project.status()).isEqualTo(201);
            assertThat(Files.exists(dir.resolve("data/authpipe.db"))).isTrue();
        }
    }

    private Exit run(Map<String, String> env) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                System.getProperty("authpipe.jar", "target/authpipe.jar"),
                "serve"));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("AUTHPIPE_"));
        builder.environment().putAll(env);
        Process p = builder.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the process exits").isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Exit(p.exitValue(), output);
    }
}
