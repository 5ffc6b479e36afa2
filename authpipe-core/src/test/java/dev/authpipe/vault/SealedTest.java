package dev.authpipe.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SealedTest {
    private static final byte[] CIPHERTEXT = {0x01, 0x12, 0x34, 0x56, 0x78, (byte) 0xfb, (byte) 0xff, 0x00};

    @Test
    void textFormIsVersionedUnpaddedBase64Url() {
        String text = Sealed.of(CIPHERTEXT).toText();

        assertThat(text).startsWith("v1.").doesNotContain("=", "+", "/");
        assertThat(text.substring(3)).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void textRoundTrips() {
        Sealed sealed = Sealed.of(CIPHERTEXT);

        assertThat(Sealed.fromText(sealed.toText())).isEqualTo(sealed);
        assertThat(Sealed.fromText(sealed.toText()).ciphertext()).containsExactly(CIPHERTEXT);
    }

    @Test
    void ciphertextIsCopiedInAndOut() {
        byte[] input = CIPHERTEXT.clone();
        Sealed sealed = Sealed.of(input);

        input[0] = 0x7f;
        sealed.ciphertext()[1] = 0x7f;

        assertThat(sealed.ciphertext()).containsExactly(CIPHERTEXT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2.ARI0VniA", "V1.ARI0VniA", "v10.ARI0VniA", "ARI0VniA", "v1", "", "enc:ARI0VniA"})
    void unknownVersionsAreRejected(String text) {
        assertThatThrownBy(() -> Sealed.fromText(text))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("version");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.not base64", "v1.AR+0", "v1.ARI0/niA", "v1.A"})
    void badEncodingIsRejectedWithoutEchoingTheText(String text) {
        assertThatThrownBy(() -> Sealed.fromText(text))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("base64url")
                .hasMessageNotContaining(text.substring(3));
    }

    @Test
    void toStringShowsOnlyTheLength() {
        assertThat(Sealed.of(CIPHERTEXT).toString()).isEqualTo("Sealed[8 bytes]");
    }
}
