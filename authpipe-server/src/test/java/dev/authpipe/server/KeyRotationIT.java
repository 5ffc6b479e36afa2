package dev.authpipe.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authpipe.vault.LocalKek;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code authpipe keys rotate} and {@code keys rewrap} on a real database, as an operator runs them. */
class KeyRotationIT {
    @TempDir
    Path dir;

    @Test
    void dataKeysRotateOnlineAndTheMasterKeyIsReplacedWithoutLosingACredential() throws Exception {
        String oldKey = LocalKek.generateBase64();
        String newKey = LocalKek.generateBase64();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AUTHPIPE_MASTER_KEY", oldKey);
        env.put("AUTHPIPE_ADMIN_KEY", TestBroker.ADMIN_KEY);
        String key;
        try (BrokerProcess broker = BrokerProcess.start(dir, env)) {
            key = new Http(broker.baseUrl, TestBroker.ADMIN_KEY)
                    .post("/v1/admin/projects", Map.of("name", "Keys"))
                    .json()
                    .path("secretKey")
                    .asText();
            Http api = new Http(broker.baseUrl, key);
            assertThat(api.put("/v1/integrations/harvest", TestBroker.harvestIntegration("https://sandbox.invalid"))
                            .status())
                    .isEqualTo(201);
            for (String tenant : List.of("org_1", "org_2")) {
                assertThat(api.post(
                                        "/v1/credentials/import",
                                        Map.of(
                                                "provider",
                                                "harvest",
                                                "tenantId",
                                                tenant,
                                                "credentialFor",
                                                "installation",
                                                "accessToken",
                                                "token-" + tenant,
                                                "expiresAt",
                                                "2099-01-01T00:00:00Z"))
                                .status())
                        .isEqualTo(201);
            }

            Exit rotated = keys(env, "rotate");
            assertThat(rotated.code()).as(rotated.output()).isZero();
            assertThat(rotated.output()).contains("rotated 3 keysets");
            assertThat(read(api, "org_1")).isEqualTo("token-org_1");
            assertThat(api.post(
                                    "/v1/credentials/import",
                                    Map.of(
                                            "provider",
                                            "harvest",
                                            "tenantId",
                                            "org_3",
                                            "credentialFor",
                                            "installation",
                                            "accessToken",
                                            "token-org_3"))
                            .status())
                    .isEqualTo(201);
        }

        Map<String, String> rewrapEnv = new LinkedHashMap<>(env);
        rewrapEnv.put("AUTHPIPE_MASTER_KEY", newKey);
        Exit missingPrevious = keys(rewrapEnv, "rewrap");
        assertThat(missingPrevious.code()).isEqualTo(2);
        assertThat(missingPrevious.output()).contains("AUTHPIPE_PREVIOUS_MASTER_KEY");
        rewrapEnv.put("AUTHPIPE_PREVIOUS_MASTER_KEY", oldKey);
        Exit rewrapped = keys(rewrapEnv, "rewrap");
        assertThat(rewrapped.code()).as(rewrapped.output()).isZero();
        assertThat(rewrapped.output()).doesNotContain(oldKey).doesNotContain(newKey);

        Map<String, String> afterEnv = new LinkedHashMap<>(env);
        afterEnv.put("AUTHPIPE_MASTER_KEY", newKey);
        try (BrokerProcess broker = BrokerProcess.start(dir, afterEnv)) {
            Http api = new Http(broker.baseUrl, key);
            for (String tenant : List.of("org_1", "org_2", "org_3")) {
                assertThat(read(api, tenant)).isEqualTo("token-" + tenant);
            }
        }
        Exit stale = keys(env, "rotate");
        assertThat(stale.code()).isEqualTo(2);
        assertThat(stale.output()).contains("master key does not match");
    }

    private static String read(Http api, String tenant) {
        Http.Response r = api.get("/v1/credentials?provider=harvest&tenantId=" + tenant + "&minValiditySeconds=0");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("credential").asText();
    }

    record Exit(int code, String output) {}

    private Exit keys(Map<String, String> env, String command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        System.getProperty("authpipe.jar", "target/authpipe.jar"),
                        "keys",
                        command)
                .directory(dir.toFile())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("AUTHPIPE_"));
        builder.environment().putAll(env);
        Process p = builder.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Exit(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
