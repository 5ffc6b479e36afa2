package dev.authpipe.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LocalKekTest {
    private static final String KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";
    private static final SealContext CONTEXT = new SealContext(KeyScope.project("prj_1"), "integration/x", "secret");

    @ParameterizedTest
    @ValueSource(strings = {KEY, KEY + "\n", KEY + "\r\n", "  " + KEY + "\t\n"})
    void acceptsOpensslRandBase64OutputWithSurroundingWhitespace(String input) {
        InMemoryKeyringStore store = new InMemoryKeyringStore();
        Sealed sealed = new Vault(LocalKek.fromBase64(KEY), store).seal(CONTEXT, Secret.of("value"));

        Vault withParsedKey = new Vault(LocalKek.fromBase64(input), store);

        withParsedKey.verifyKek();
        assertThat(withParsedKey.open(CONTEXT, sealed).reveal()).isEqualTo("value");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not base64 at all!",
                "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJ-=",
                "q83vEjRWeJCrze8SNFZ4kKvN7xI0Vn iQq83vEjRWeJA=",
                "%%%%"
            })
    void rejectsInputThatIsNotBase64WithoutEchoingIt(String input) {
        assertThatThrownBy(() -> LocalKek.fromBase64(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base64")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(input.strip()));
    }

    static Stream<Integer> wrongLengths() {
        return Stream.of(0, 1, 16, 24, 31, 33, 48, 64);
    }

    @ParameterizedTest
    @MethodSource("wrongLengths")
    void rejectsKeysOfTheWrongLengthWithoutEchoingThem(int length) {
        byte[] raw = new byte[length];
        for (int i = 0; i < length; i++) {
            raw[i] = (byte) (31 * i + 7);
        }
        String input = Base64.getEncoder().encodeToString(raw);

        assertThatThrownBy(() -> LocalKek.fromBase64(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exactly 32 bytes, got " + length)
                .satisfies(e -> {
                    if (!input.isEmpty()) {
                        assertThat(e.getMessage()).doesNotContain(input);
                    }
                });
    }

    @Test
    void generatedKeysAreDistinct32ByteBase64Keys() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String key = LocalKek.generateBase64();
            assertThat(Base64.getDecoder().decode(key)).hasSize(LocalKek.KEY_BYTES);
            keys.add(key);
        }

        assertThat(keys).hasSize(100);
    }

    @Test
    void neverPrintsTheKey() {
        LocalKek kek = LocalKek.fromBase64(KEY);

        assertThat(kek.toString()).doesNotContain(KEY).doesNotContain(KEY.substring(0, 8));
        assertThat(kek.description()).isEqualTo("local");
    }
}
