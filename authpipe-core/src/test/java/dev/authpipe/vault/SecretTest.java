package dev.authpipe.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretTest {
    private static final String VALUE = "1387424.at.plaintext";

    @Test
    void toStringIsMasked() {
        assertThat(Secret.of(VALUE).toString()).isEqualTo("***");
    }

    @Test
    void secretsInsideOtherValuesStayMasked() {
        Secret secret = Secret.of(VALUE);

        assertThat("token=" + secret).isEqualTo("token=***");
        assertThat(String.format("%s", secret)).isEqualTo("***");
        assertThat(List.of(secret).toString()).doesNotContain(VALUE);
        assertThat(Map.of("token", secret).toString()).doesNotContain(VALUE);
    }

    @Test
    void revealReturnsThePlaintext() {
        assertThat(Secret.of(VALUE).reveal()).isEqualTo(VALUE);
    }

    @Test
    void emptiness() {
        assertThat(Secret.of("").isEmpty()).isTrue();
        assertThat(Secret.of(" ").isEmpty()).isFalse();
    }

    @Test
    void nullIsRejected() {
        assertThatThrownBy(() -> Secret.of(null)).isInstanceOf(NullPointerException.class);
    }
}
