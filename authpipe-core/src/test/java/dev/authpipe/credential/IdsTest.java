package dev.authpipe.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "org_acme",
                "a",
                "12345",
                "ada@acme.example",
                "user+tag@acme.example",
                "Zoë",
                "Ünïcode-Ärger",
                "東京",
                "محمد",
                "ユーザー42",
                "emoji🙂",
                "tenant:123|eu-west.1~x"
            })
    void acceptsIdsOfPrintableCharacters(String id) {
        assertThat(Ids.problemWithExternalId(id)).isNull();
    }

    @Test
    void acceptsExactly128Characters() {
        assertThat(Ids.problemWithExternalId("a".repeat(128))).isNull();
        assertThat(Ids.problemWithExternalId("🙂".repeat(128))).isNull();
    }

    static Stream<Arguments> invalidIds() {
        return Stream.of(
                Arguments.argumentSet("null", null, "empty"),
                Arguments.argumentSet("empty", "", "empty"),
                Arguments.argumentSet("129 characters", "a".repeat(129), "128"),
                Arguments.argumentSet("129 code points", "🙂".repeat(129), "128"),
                Arguments.argumentSet("NUL", "acme\u0000", "control"),
                Arguments.argumentSet("newline", "acme\nx", "control"),
                Arguments.argumentSet("DEL", "acme\u007f", "control"),
                Arguments.argumentSet("C1 control", "acme\u0085", "control"),
                Arguments.argumentSet("tab", "acme\tx", "whitespace"),
                Arguments.argumentSet("space", "acme corp", "whitespace"),
                Arguments.argumentSet("leading space", " acme", "whitespace"),
                Arguments.argumentSet("no-break space", "acme\u00a0corp", "whitespace"),
                Arguments.argumentSet("ideographic space", "acme\u3000corp", "whitespace"),
                Arguments.argumentSet("zero-width space", "acme\u200bcorp", "invisible"),
                Arguments.argumentSet("zero-width joiner", "acme\u200dcorp", "invisible"),
                Arguments.argumentSet("byte order mark", "\ufeffacme", "invisible"),
                Arguments.argumentSet("right-to-left override", "acme\u202egpj.exe", "invisible"),
                Arguments.argumentSet("lone surrogate", "acme\ud800", "invisible"),
                Arguments.argumentSet("private use", "acme\ue000", "invisible"),
                Arguments.argumentSet("slash", "acme/../other", "'/'"),
                Arguments.argumentSet("backslash", "acme\\other", "'\\'"));
    }

    @ParameterizedTest
    @MethodSource("invalidIds")
    void rejectsIdsThatAreEmptyTooLongInvisibleOrPathLike(String id, String problem) {
        assertThat(Ids.problemWithExternalId(id)).isNotNull().contains(problem);
    }

    @Test
    void newIdsArePrefixedRandomAndUrlSafe() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = Ids.newId("cred");
            assertThat(id).matches("cred_[A-Za-z0-9_-]{20}");
            assertThat(Ids.problemWithExternalId(id)).isNull();
            ids.add(id);
        }

        assertThat(ids).hasSize(1000);
    }
}
