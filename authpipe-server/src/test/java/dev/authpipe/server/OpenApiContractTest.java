package dev.authpipe.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published contract ({@code openapi/openapi.json}, served at {@code /openapi.json}) and the
 * human guide ({@code docs/api.md}) against the code: the same routes as {@link Routes}, every
 * error code the sources can emit, no dangling {@code $ref}, and the served bytes equal the file.
 * Runs with the module directory as working directory (surefire's default).
 */
class OpenApiContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROUTES = Path.of("src/main/java/dev/authpipe/server/Routes.java");
    private static final List<Path> MAIN_SOURCES =
            List.of(Path.of("src/main/java"), Path.of("../authpipe-core/src/main/java"));
    private static final Path GUIDE = Path.of("../docs/api.md");
    private static final Set<String> HTTP_METHODS =
            Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    private static final Pattern ROUTE = Pattern.compile("\\br\\.(get|post|put|delete|patch)\\(\\s*\"([^\"]+)\"");
    private static final String CODE = "\"([a-z][a-z0-9_]*)\"";
    /** Codes of the JSON API: {@code {"error":{"code":...}}}. */
    private static final List<Pattern> API_ERROR_SOURCES = List.of(
            Pattern.compile("new ApiError\\(\\s*\\d+\\s*,\\s*" + CODE),
            Pattern.compile("BrokerException\\.[a-zA-Z]+\\(\\s*" + CODE),
            Pattern.compile("new BrokerException\\(\\s*[^,()]+,\\s*" + CODE),
            Pattern.compile("\\bwrite\\(\\s*ctx\\s*,\\s*\\d+\\s*,\\s*" + CODE));
    /** Codes of Javalin's own failures, mapped in {@code ErrorResponses.http}. */
    private static final List<Pattern> STATUS_MAPPING_SOURCES = List.of(
            Pattern.compile("case\\s+\\d+\\s*->\\s*" + CODE), Pattern.compile("\\?\\s*" + CODE + "\\s*:\\s*" + CODE));
    /** Codes the browser endpoints report in pages, postMessage payloads and return URLs. */
    private static final List<Pattern> CONNECT_ERROR_SOURCES = List.of(
            Pattern.compile("new ConnectException\\(\\s*" + CODE),
            Pattern.compile("new ConnectFailure\\(\\s*" + CODE),
            Pattern.compile("ConnectOutcome\\.(?:detached|failed)\\(\\s*(?:\\w+\\s*,\\s*)?" + CODE),
            Pattern.compile("OutcomePage\\.error\\(\\s*" + CODE),
            Pattern.compile("AUTHORIZATION_ERRORS\\.contains\\([^?;]*\\?\\s*[\\w.()]+\\s*:\\s*" + CODE));

    private static final Pattern AUTHORIZATION_ERRORS =
            Pattern.compile("AUTHORIZATION_ERRORS\\s*=\\s*Set\\.of\\(([^)]*)\\)");

    static byte[] resource;
    static JsonNode spec;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = OpenApiContractTest.class.getClassLoader().getResourceAsStream("openapi/openapi.json")) {
            assertThat(in).as("openapi/openapi.json on the classpath").isNotNull();
            resource = in.readAllBytes();
        }
        spec = JSON.readTree(resource);
    }

    @Test
    void isOpenApi31WithATitle() {
        assertThat(spec.path("openapi").asText()).startsWith("3.1.");
        assertThat(spec.path("info").path("title").asText()).isNotBlank();
        assertThat(spec.path("info").path("version").asText()).isNotBlank();
        assertThat(new String(resource, StandardCharsets.UTF_8))
                .as("pretty-printed with two-space indentation")
                .startsWith("{\n  \"openapi\"");
    }

    @Test
    void documentsExactlyTheRoutesOfTheRouteTable() throws IOException {
        Set<String> registered = new TreeSet<>();
        Matcher m = ROUTE.matcher(Files.readString(ROUTES));
        while (m.find()) {
            registered.add(m.group(1).toUpperCase(java.util.Locale.ROOT) + " " + m.group(2));
        }
        assertThat(registered).as("routes found in " + ROUTES).hasSizeGreaterThan(10);
        assertThat(operations().keySet()).isEqualTo(registered);
    }

    @Test
    void everyPathParameterIsDeclared() {
        operations().forEach((operation, node) -> {
            String path = operation.substring(operation.indexOf(' ') + 1);
            Set<String> declared = new TreeSet<>();
            Stream.of(spec.path("paths").path(path).path("parameters"), node.path("parameters"))
                    .forEach(list -> list.forEach(p -> {
                        JsonNode param = resolve(p);
                        if ("path".equals(param.path("in").asText())) {
                            declared.add(param.path("name").asText());
                        }
                    }));
            Set<String> inTemplate = new TreeSet<>();
            Matcher m = Pattern.compile("\\{([^}]+)}").matcher(path);
            while (m.find()) {
                inTemplate.add(m.group(1));
            }
            assertThat(declared).as(operation).isEqualTo(inTemplate);
        });
    }

    @Test
    void securityFollowsTheAuthenticationFilter() {
        assertThat(spec.path("security").toString()).isEqualTo("[{\"projectKey\":[]}]");
        assertThat(spec.path("components").path("securitySchemes").has("projectKey"))
                .isTrue();
        assertThat(spec.path("components").path("securitySchemes").has("adminKey"))
                .isTrue();
        operations().forEach((operation, node) -> {
            String path = operation.substring(operation.indexOf(' ') + 1);
            String expected =
                    path.startsWith("/v1/admin/") ? "[{\"adminKey\":[]}]" : path.startsWith("/v1/") ? null : "[]";
            if (expected == null) {
                assertThat(node.has("security"))
                        .as(operation + " uses the default project key")
                        .isFalse();
            } else {
                assertThat(node.path("security").toString()).as(operation).isEqualTo(expected);
            }
        });
    }

    @Test
    void everyErrorCodeOfTheJsonApiIsInTheSpecAndTheGuide() throws IOException {
        Set<String> emitted = new TreeSet<>();
        for (Path source : javaSources()) {
            String text = Files.readString(source);
            collect(text, API_ERROR_SOURCES, emitted);
            if (text.contains("ApiError.invalid(")) {
                emitted.add("invalid_request");
            }
            if (source.endsWith("ErrorResponses.java")) {
                collect(text, STATUS_MAPPING_SOURCES, emitted);
            }
        }
        assertThat(emitted)
                .as("codes found in the sources")
                .contains("invalid_request", "not_installed", "unauthorized");

        assertThat(enumOf("ErrorCode")).as("components.schemas.ErrorCode.enum").isEqualTo(emitted);
        assertThat(guide()).as(GUIDE + " documents every code").contains(backticked(emitted));
    }

    @Test
    void everyErrorCodeOfTheBrowserEndpointsIsInTheSpecAndTheGuide() throws IOException {
        Set<String> emitted = new TreeSet<>();
        for (Path source : javaSources()) {
            String text = Files.readString(source);
            collect(text, CONNECT_ERROR_SOURCES, emitted);
            Matcher set = AUTHORIZATION_ERRORS.matcher(text);
            if (set.find()) {
                Matcher code = Pattern.compile(CODE).matcher(set.group(1));
                while (code.find()) {
                    emitted.add(code.group(1));
                }
            }
        }
        assertThat(emitted)
                .as("codes found in the sources")
                .contains("invalid_state", "state_used", "access_denied", "session_used", "authorization_failed");

        assertThat(enumOf("ConnectErrorCode"))
                .as("components.schemas.ConnectErrorCode.enum")
                .isEqualTo(emitted);
        assertThat(guide()).as(GUIDE + " documents every code").contains(backticked(emitted));
    }

    @Test
    void everyRefResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(spec, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).as("only local references").startsWith("#/");
            assertThat(spec.at(JsonPointer.compile(ref.substring(1))).isMissingNode())
                    .as(ref + " resolves")
                    .isFalse();
        }
    }

    @Test
    void theServerServesTheSameDocument(@TempDir Path dir) throws Exception {
        try (TestBroker broker = TestBroker.start(dir)) {
            HttpResponse<byte[]> r = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create(broker.server.baseUrl() + "/openapi.json"))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(r.body()).isEqualTo(resource);
        }
    }

    /** "METHOD /path" of every operation in the spec. */
    private static Map<String, JsonNode> operations() {
        Map<String, JsonNode> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> path : spec.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (HTTP_METHODS.contains(op.getKey())) {
                    out.put(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(), op.getValue());
                }
            }
        }
        return out;
    }

    private static JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int i = 0; i < 10 && current.has("$ref"); i++) {
            current = spec.at(JsonPointer.compile(current.path("$ref").asText().substring(1)));
        }
        return current;
    }

    private static Set<String> enumOf(String schema) {
        Set<String> values = new TreeSet<>();
        spec.path("components").path("schemas").path(schema).path("enum").forEach(v -> values.add(v.asText()));
        return values;
    }

    private static void collect(String text, List<Pattern> patterns, Set<String> into) {
        for (Pattern p : patterns) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                for (int g = 1; g <= m.groupCount(); g++) {
                    if (m.group(g) != null) {
                        into.add(m.group(g));
                    }
                }
            }
        }
    }

    private static void collectRefs(JsonNode node, List<String> into) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if ("$ref".equals(e.getKey()) && e.getValue().isTextual()) {
                    into.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), into);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, into));
        }
    }

    private static List<Path> javaSources() {
        List<Path> out = new ArrayList<>();
        for (Path root : MAIN_SOURCES) {
            assertThat(root)
                    .as("source root (run from the authpipe-server module)")
                    .isDirectory();
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static String guide() throws IOException {
        return Files.readString(GUIDE);
    }

    private static String[] backticked(Set<String> codes) {
        return codes.stream().map(c -> "`" + c + "`").toArray(String[]::new);
    }
}
