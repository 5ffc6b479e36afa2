package dev.authpipe.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonReaderTest {

    @Test
    void readsStringsWithEveryEscape() {
        assertThat(JsonReader.read("\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\"")).isEqualTo("a\"b\\c/d\be\ff\ng\rh\ti");
        assertThat(JsonReader.read("\"\\u00e9\\u00C9\\u20ac\"")).isEqualTo("éÉ€");
        assertThat(JsonReader.read("\"\\ud83d\\ude00\"")).isEqualTo("😀");
        assertThat(JsonReader.read("\"unescaped é 😀\"")).isEqualTo("unescaped é 😀");
        assertThat(JsonReader.read("\"\"")).isEqualTo("");
    }

    @Test
    void readsNumbers() {
        assertThat(JsonReader.read("0")).isEqualTo(0L);
        assertThat(JsonReader.read("-0")).isEqualTo(0L);
        assertThat(JsonReader.read("42")).isEqualTo(42L);
        assertThat(JsonReader.read("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(JsonReader.read("9223372036854775808")).isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(JsonReader.read("1.5")).isEqualTo(1.5);
        assertThat(JsonReader.read("-2.5e3")).isEqualTo(-2500.0);
        assertThat(JsonReader.read("1E-2")).isEqualTo(0.01);
        assertThat(JsonReader.read("1e+2")).isEqualTo(100.0);
    }

    @Test
    void readsLiteralsAndWhitespace() {
        assertThat(JsonReader.read(" \t\r\ntrue\n")).isEqualTo(true);
        assertThat(JsonReader.read("false")).isEqualTo(false);
        assertThat(JsonReader.read("null")).isNull();
    }

    @Test
    void readsNestedObjectsAndArraysInOrder() {
        Object value = JsonReader.read("""
                {"b": [1, "two", {"c": null}, []], "a": {}, "d": {"e": {"f": [true, false]}}}""");

        assertThat(value).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) value;
        assertThat(object.keySet()).containsExactly("b", "a", "d");
        List<?> b = (List<?>) object.get("b");
        assertThat(b).hasSize(4);
        assertThat(b.get(0)).isEqualTo(1L);
        assertThat(b.get(1)).isEqualTo("two");
        assertThat(b.get(2)).isEqualTo(Collections.singletonMap("c", null));
        assertThat((List<?>) b.get(3)).isEmpty();
        assertThat(object.get("a")).isEqualTo(Map.of());
        assertThat(object.get("d")).isEqualTo(Map.of("e", Map.of("f", List.of(true, false))));
    }

    @Test
    void returnsUnmodifiableCollections() {
        Map<?, ?> object = (Map<?, ?>) JsonReader.read("{\"list\":[1],\"map\":{}}");

        assertThatThrownBy(() -> object.remove("list")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<?>) object.get("list")).clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((Map<?, ?>) object.get("map")).clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aRepeatedKeyKeepsItsLastValue() {
        assertThat(JsonReader.read("{\"a\":1,\"a\":2}")).isEqualTo(Map.of("a", 2L));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "{",
                "}",
                "[1,]",
                "[1 2]",
                "{\"a\":1,}",
                "{\"a\" 1}",
                "{a:1}",
                "{'a':1}",
                "{\"a\":1}x",
                "\"unterminated",
                "\"bad escape \\x\"",
                "\"short \\u12\"",
                "\"not hex \\u12G4\"",
                "\"raw\nnewline\"",
                "\"raw\ttab\"",
                "01",
                "-",
                "1.",
                ".5",
                "1e",
                "+1",
                "1e400",
                "NaN",
                "Infinity",
                "tru",
                "nul",
                "True",
                "// comment\n1",
                "[1] [2]"
            })
    void rejectsMalformedInput(String text) {
        assertThatThrownBy(() -> JsonReader.read(text)).isInstanceOf(MalformedJsonException.class);
    }

    @Test
    void rejectsHostileNesting() {
        String deep = "[".repeat(JsonReader.MAX_DEPTH + 1) + "]".repeat(JsonReader.MAX_DEPTH + 1);
        String deepest = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);

        assertThatThrownBy(() -> JsonReader.read(deep)).isInstanceOf(MalformedJsonException.class);
        assertThat(JsonReader.read(deepest)).isInstanceOf(List.class);
        assertThatThrownBy(() -> JsonReader.read("[".repeat(100_000))).isInstanceOf(MalformedJsonException.class);
    }

    @Test
    void reportsWhereButNotWhat() {
        String secret = "{\"credential\":\"tok_secret_value\" \"x\":1}";

        assertThatThrownBy(() -> JsonReader.read(secret))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("offset 33")
                .hasMessageNotContaining("tok_secret_value")
                .satisfies(
                        e -> assertThat(((MalformedJsonException) e).offset()).isEqualTo(33));
    }

    static Stream<String> randomStrings() {
        Random random = new Random(20261128L);
        return IntStream.range(0, 200).mapToObj(i -> {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(20);
            for (int j = 0; j < length; j++) {
                text.append((char) random.nextInt(0x3000));
            }
            return text.toString();
        });
    }

    @ParameterizedTest
    @MethodSource("randomStrings")
    void roundTripsAnyStringWrittenWithStandardEscapes(String original) {
        StringBuilder json = new StringBuilder("\"");
        for (int i = 0; i < original.length(); i++) {
            char c = original.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        json.append('"');

        assertThat(JsonReader.read(json.toString())).isEqualTo(original);
    }
}
