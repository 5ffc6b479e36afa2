package dev.authpipe.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Core code never names a provider: quirks are catalog data (ARCHITECTURE.md, principle 9). */
class NoProviderNamesInCoreTest {
    private static final Path MAIN_SOURCES = Path.of("src", "main", "java");
    private static final List<String> PROVIDER_NAMES = List.of("harvest");

    @Test
    void noStringLiteralInCoreNamesAProvider() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        assertThat(sources)
                .as("core main sources under %s", MAIN_SOURCES.toAbsolutePath())
                .hasSizeGreaterThan(50);

        List<String> offenders = new ArrayList<>();
        for (Path source : sources) {
            for (String literal : stringLiterals(read(source))) {
                String lower = literal.toLowerCase(Locale.ROOT);
                if (PROVIDER_NAMES.stream().anyMatch(lower::contains)) {
                    offenders.add(MAIN_SOURCES.relativize(source) + ": \"" + literal + "\"");
                }
            }
        }

        assertThat(offenders).isEmpty();
    }

    @Test
    void scannerFindsLiteralsButNotComments() {
        String source = """
                // "harvest" in a line comment
                /* "harvest" in a block comment, with a ' quote */
                /** See harvest.md §1.5. */
                class X {
                    char q = '"';
                    char e = '\\'';
                    String a = "plain";
                    String b = "with \\"escaped\\" quotes // not a comment";
                    String c = \"""
                        text block "Harvest"
                        \""";
                    String d = "/* not a comment */";
                }
                """;

        assertThat(stringLiterals(source))
                .containsExactly(
                        "plain",
                        "with \\\"escaped\\\" quotes // not a comment",
                        "\n        text block \"Harvest\"\n        ",
                        "/* not a comment */");
    }

    /** The string literals and text blocks of a Java source, raw (escapes not processed). */
    static List<String> stringLiterals(String source) {
        List<String> literals = new ArrayList<>();
        int i = 0;
        while (i < source.length()) {
            if (source.startsWith("//", i)) {
                i = endOfLine(source, i);
            } else if (source.startsWith("/*", i)) {
                i = source.indexOf("*/", i + 2) + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                while (source.charAt(end - 1) == '\\') {
                    end = source.indexOf("\"\"\"", end + 1);
                }
                literals.add(source.substring(source.indexOf('\n', i), end));
                i = end + 3;
            } else if (source.charAt(i) == '"') {
                int end = closingQuote(source, i + 1, '"');
                literals.add(source.substring(i + 1, end));
                i = end + 1;
            } else if (source.charAt(i) == '\'') {
                i = closingQuote(source, i + 1, '\'') + 1;
            } else {
                i++;
            }
        }
        return literals;
    }

    private static int closingQuote(String source, int from, char quote) {
        int i = from;
        while (source.charAt(i) != quote) {
            i += source.charAt(i) == '\\' ? 2 : 1;
        }
        return i;
    }

    private static int endOfLine(String source, int from) {
        int nl = source.indexOf('\n', from);
        return nl < 0 ? source.length() : nl;
    }

    private static String read(Path source) {
        try {
            return Files.readString(source, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
