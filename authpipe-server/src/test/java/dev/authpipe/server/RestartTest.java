package dev.authpipe.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authpipe.vault.LocalKek;
import dev.authpipe.vault.WrongMasterKeyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on a real SQLite file survives a restart, holds no plaintext, and refuses a wrong key. */
class RestartTest {
    @TempDir
    Path dir;

    @Test
    void credentialsSurviveARestartOnTheSameFileAndKey() throws Exception {
        try (TestBroker broker = TestBroker.start(dir)) {
            String key = broker.createProject("Restart");
            Http api = broker.project(key);
            broker.configureHarvest(api);
            broker.install(api, "org_restart");
            broker.harvest.autoConsent(5002, 100001);
            TestBroker.walk(broker.session(api, "org_restart", "user_1"));
            String bot = token(api, "installation", null);
            String user = token(api, "user", "user_1");

            broker.restart();

            Http again = broker.project(key);
            assertThat(token(again, "installation", null)).isEqualTo(bot);
            assertThat(token(again, "user", "user_1")).isEqualTo(user);
            assertThat(again.get("/v1/installations/harvest/org_restart/users")
                            .json()
                            .path("data"))
                    .hasSize(1);

            broker.server.close();
            broker.server = null;
            assertThat(fileContents(dir))
                    .doesNotContain(bot)
                    .doesNotContain(user)
                    .doesNotContain(TestBroker.CLIENT_SECRET);
        }
    }

    @Test
    void aWrongMasterKeyFailsClosed() {
        try (TestBroker broker = TestBroker.start(dir)) {
            broker.server.close();
            broker.server = null;
            assertThatThrownBy(() -> broker.startServer(LocalKek.generateBase64()))
                    .isInstanceOf(WrongMasterKeyException.class)
                    .hasMessageContaining("master key")
                    .hasMessageNotContaining(broker.masterKey);
        }
    }

    @Test
    void theDatabaseHoldsOnlySealedTokens() throws Exception {
        try (TestBroker broker = TestBroker.start(dir)) {
            Http api = broker.project(broker.createProject("Sealed"));
            broker.configureHarvest(api);
            broker.install(api, "org_sealed");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("authpipe.db"));
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT access_token, refresh_token FROM credentials")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).startsWith("v1.").doesNotContain("5001.at.");
                assertThat(rs.getString(2)).startsWith("v1.").doesNotContain("5001.rt.");
            }
        }
    }

    /** Every byte of the database files as Latin-1 text, so a plaintext token would show up. */
    private static String fileContents(Path dir) throws Exception {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                all.append(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }

    private static String token(Http api, String credentialFor, String userId) {
        Http.Response r = api.get("/v1/credentials?provider=harvest&tenantId=org_restart&credentialFor=" + credentialFor
                + (userId == null ? "" : "&userId=" + userId));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("credential").asText();
    }
}
