package dev.authpipe.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad configuration fails with one line that names the variable and does not echo secrets. */
class ConfigTest {
    private static final String KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("AUTHPIPE_PORT", "seventy"),
                Arguments.of("AUTHPIPE_PORT", "70000"),
                Arguments.of("AUTHPIPE_BASE_URL", "localhost:7420"),
                Arguments.of("AUTHPIPE_BASE_URL", "ftp://example.com"),
                Arguments.of("AUTHPIPE_DATABASE_URL", "jdbc:mysql://db/authpipe"),
                Arguments.of("AUTHPIPE_REFRESH_LEAD", "10 minutes"),
                Arguments.of("AUTHPIPE_REFRESH_LEAD", "-PT5M"),
                Arguments.of("AUTHPIPE_HEALTH_INTERVAL", "PT0S"),
                Arguments.of("AUTHPIPE_ADMIN_KEY", "short"),
                Arguments.of("AUTHPIPE_DEV_MODE", "maybe"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void aBadValueNamesItsVariable(String variable, String value) {
        Map<String, String> env = new HashMap<>(Map.of("AUTHPIPE_MASTER_KEY", KEY));
        env.put(variable, value);
        assertThatThrownBy(() -> Config.fromEnvironment(env, false, false))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain(KEY));
    }

    @Test
    void aMissingMasterKeyIsRefusedOutsideDevMode() {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of(), false, false))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("AUTHPIPE_MASTER_KEY");
        assertThat(Config.fromEnvironment(Map.of(), true, false).masterKey()).isNull();
    }

    @Test
    void malformedMasterKeysAreRefusedWithoutEchoingThem() {
        for (String bad : new String[] {"not base64 !!", "c2hvcnQ=", "file:/nonexistent/authpipe.key"}) {
            Config config = Config.fromEnvironment(
                    Map.of("AUTHPIPE_MASTER_KEY", bad, "AUTHPIPE_DATA_DIR", "/tmp"), false, false);
            assertThatThrownBy(() -> MasterKeys.resolve(config))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("AUTHPIPE_MASTER_KEY")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void defaultsFollowTheContract() {
        Config c = Config.fromEnvironment(Map.of("AUTHPIPE_MASTER_KEY", KEY), false, false);
        assertThat(c.port()).isEqualTo(7420);
        assertThat(c.baseUrl()).isEqualTo("http://localhost:7420");
        assertThat(c.databaseUrl()).isEqualTo("jdbc:sqlite:./data/authpipe.db");
        assertThat(c.adminKey()).isNull();
        assertThat(c.refreshLead()).isNull();
        assertThat(c.healthInterval()).isEqualTo(Duration.ofHours(6));
        assertThat(c.toString()).doesNotContain(KEY);

        Config custom = Config.fromEnvironment(
                Map.of(
                        "AUTHPIPE_MASTER_KEY",
                        KEY,
                        "AUTHPIPE_PORT",
                        "8080",
                        "AUTHPIPE_BASE_URL",
                        "https://auth.example.com/",
                        "AUTHPIPE_REFRESH_LEAD",
                        "PT30M",
                        "AUTHPIPE_DATABASE_URL",
                        "jdbc:postgresql://db/authpipe?user=a&password=hunter2"),
                false,
                false);
        assertThat(custom.baseUrl()).isEqualTo("https://auth.example.com");
        assertThat(custom.refreshLead()).isEqualTo(Duration.ofMinutes(30));
        assertThat(custom.toString()).doesNotContain("hunter2");
    }
}
