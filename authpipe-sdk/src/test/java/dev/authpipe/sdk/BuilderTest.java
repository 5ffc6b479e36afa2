package dev.authpipe.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad configuration fails at build time with a message naming the setting. */
class BuilderTest {

    @Test
    void requiresABaseUrlAndASecretKey() {
        assertThatThrownBy(() -> Authpipe.builder().secretKey("sk_1").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("baseUrl");
        assertThatThrownBy(() ->
                        Authpipe.builder().baseUrl("http://localhost:7420").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("secretKey");
    }

    @Test
    void rejectsNullArgumentsByName() {
        Authpipe.Builder builder = Authpipe.builder();
        assertThatNullPointerException()
                .isThrownBy(() -> builder.baseUrl((String) null))
                .withMessageContaining("baseUrl");
        assertThatNullPointerException()
                .isThrownBy(() -> builder.baseUrl((URI) null))
                .withMessageContaining("baseUrl");
        assertThatNullPointerException()
                .isThrownBy(() -> builder.secretKey(null))
                .withMessageContaining("secretKey");
        assertThatNullPointerException()
                .isThrownBy(() -> builder.safetyMargin(null))
                .withMessageContaining("safetyMargin");
        assertThatNullPointerException()
                .isThrownBy(() -> builder.requestTimeout(null))
                .withMessageContaining("requestTimeout");
        assertThatNullPointerException()
                .isThrownBy(() -> builder.httpClient(null))
                .withMessageContaining("httpClient");
        assertThatNullPointerException().isThrownBy(() -> builder.clock(null)).withMessageContaining("clock");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "localhost:7420",
                "/v1",
                "ftp://localhost:7420",
                "http://",
                "http://user:pass@localhost:7420",
                "http://localhost:7420/?x=1",
                "http://localhost:7420/#top",
                "http://local host:7420"
            })
    void rejectsABaseUrlThatIsNotAPlainHttpUrl(String baseUrl) {
        assertThatThrownBy(() -> Authpipe.builder().baseUrl(baseUrl))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("baseUrl");
    }

    @Test
    void rejectsAnEmptyOrMalformedSecretKey() {
        assertThatThrownBy(() -> Authpipe.builder().secretKey(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secretKey");
        assertThatThrownBy(() -> Authpipe.builder().secretKey("sk_1 sk_2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secretKey");
    }

    @Test
    void rejectsDurationsThatAreNotPositiveOrAbsurdlyLong() {
        Authpipe.Builder builder = Authpipe.builder();
        assertThatThrownBy(() -> builder.safetyMargin(Duration.ZERO)).hasMessageContaining("safetyMargin");
        assertThatThrownBy(() -> builder.safetyMargin(Duration.ofSeconds(-1))).hasMessageContaining("safetyMargin");
        assertThatThrownBy(() -> builder.safetyMargin(Duration.ofDays(2))).hasMessageContaining("safetyMargin");
        assertThatThrownBy(() -> builder.requestTimeout(Duration.ZERO)).hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> builder.requestTimeout(Duration.ofDays(400))).hasMessageContaining("requestTimeout");
    }

    @Test
    void normalisesTrailingSlashes() {
        try (Authpipe authpipe = Authpipe.builder()
                .baseUrl("https://auth.example.com/broker//")
                .secretKey("sk_1")
                .build()) {
            assertThat(authpipe.toString()).contains("baseUrl=https://auth.example.com/broker,");
        }
    }
}
