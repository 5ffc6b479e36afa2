package dev.authpipe.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input gets {@code {"error":{"code","message"}}} with the right status, leaks
 * no secret or stack trace, and changes nothing.
 */
class BadInputTest {
    @org.junit.jupiter.api.io.TempDir
    static java.nio.file.Path dir;

    static TestBroker broker;
    static String projectKey;
    static Http api;
    static final String ACCESS_TOKEN = "imported-access-token-7f3a9c";

    /** Who sends the request. */
    enum As {
        ADMIN,
        PROJECT,
        ANONYMOUS,
        WRONG_KEY,
        BASIC
    }

    @BeforeAll
    static void start() {
        broker = TestBroker.start(dir);
        projectKey = broker.createProject("Bad input");
        api = broker.project(projectKey);
        assertThat(broker.configureHarvest(api).status()).isEqualTo(201);
        Http.Response imported = api.post(
                "/v1/credentials/import",
                Map.of(
                        "provider",
                        "harvest",
                        "tenantId",
                        "org_ok",
                        "credentialFor",
                        "installation",
                        "accessToken",
                        ACCESS_TOKEN,
                        "refreshToken",
                        "imported-refresh-token",
                        "expiresAt",
                        "2027-01-01T00:00:00Z",
                        "metadata",
                        Map.of("accountIds", List.of("100001"))));
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static Stream<Arguments> cases() {
        String longId = "t".repeat(129);
        String big = "{\"name\":\"" + "x".repeat(100_000) + "\"}";
        return Stream.of(
                // authentication
                c("no key", As.ANONYMOUS, "GET", "/v1/integrations", null, 401, "unauthorized"),
                c("wrong key", As.WRONG_KEY, "GET", "/v1/integrations", null, 401, "unauthorized"),
                c("basic scheme", As.BASIC, "GET", "/v1/integrations", null, 401, "unauthorized"),
                c(
                        "project key on admin API",
                        As.PROJECT,
                        "POST",
                        "/v1/admin/projects",
                        "{\"name\":\"x\"}",
                        401,
                        "unauthorized"),
                c("admin key on project API", As.ADMIN, "GET", "/v1/integrations", null, 401, "unauthorized"),
                // projects
                c("malformed JSON", As.ADMIN, "POST", "/v1/admin/projects", "{\"name\":", 400, "invalid_json"),
                c("empty body", As.ADMIN, "POST", "/v1/admin/projects", "", 400, "invalid_json"),
                c("array body", As.ADMIN, "POST", "/v1/admin/projects", "[1]", 400, "invalid_json"),
                c(
                        "duplicate field",
                        As.ADMIN,
                        "POST",
                        "/v1/admin/projects",
                        "{\"name\":\"a\",\"name\":\"b\"}",
                        400,
                        "invalid_json"),
                c(
                        "unknown field",
                        As.ADMIN,
                        "POST",
                        "/v1/admin/projects",
                        "{\"name\":\"a\",\"plan\":\"pro\"}",
                        400,
                        "invalid_request"),
                c("missing name", As.ADMIN, "POST", "/v1/admin/projects", "{}", 400, "invalid_request"),
                c("name not a string", As.ADMIN, "POST", "/v1/admin/projects", "{\"name\":42}", 400, "invalid_request"),
                c(
                        "origin with a path",
                        As.ADMIN,
                        "POST",
                        "/v1/admin/projects",
                        "{\"name\":\"a\",\"allowedOrigins\":[\"https://a.example/app\"]}",
                        400,
                        "invalid_request"),
                c(
                        "origin not http",
                        As.ADMIN,
                        "POST",
                        "/v1/admin/projects",
                        "{\"name\":\"a\",\"allowedOrigins\":[\"javascript:alert(1)\"]}",
                        400,
                        "invalid_request"),
                c("oversized body", As.ADMIN, "POST", "/v1/admin/projects", big, 413, "payload_too_large"),
                // integrations
                c(
                        "unknown provider",
                        As.PROJECT,
                        "PUT",
                        "/v1/integrations/slackk",
                        integration("{}"),
                        404,
                        "unknown_provider"),
                c(
                        "integration missing secret",
                        As.PROJECT,
                        "PUT",
                        "/v1/integrations/harvest",
                        "{\"clientId\":\"c\",\"settings\":{\"userAgent\":\"A (a@b.example)\"}}",
                        400,
                        "invalid_request"),
                c(
                        "integration unknown field",
                        As.PROJECT,
                        "PUT",
                        "/v1/integrations/harvest",
                        integration("{\"userAgent\":\"A (a@b.example)\"}")
                                .replace("{\"clientId\"", "{\"colour\":1,\"clientId\""),
                        400,
                        "invalid_request"),
                c(
                        "harvest without userAgent",
                        As.PROJECT,
                        "PUT",
                        "/v1/integrations/harvest",
                        integration("{}"),
                        400,
                        "invalid_request"),
                c(
                        "userAgent without contact",
                        As.PROJECT,
                        "PUT",
                        "/v1/integrations/harvest",
                        integration("{\"userAgent\":\"MyApp\"}"),
                        400,
                        "invalid_request"),
                c(
                        "unknown setting",
                        As.PROJECT,
                        "PUT",
                        "/v1/integrations/harvest",
                        integration("{\"userAgent\":\"A (a@b.example)\",\"region\":\"eu\"}"),
                        400,
                        "invalid_request"),
                c(
                        "override not a URL",
                        As.PROJECT,
                        "PUT",
                        "/v1/integrations/harvest",
                        "{\"clientId\":\"c\",\"clientSecret\":\"s\",\"settings\":{\"userAgent\":\"A (a@b.example)\"},"
                                + "\"endpointOverrides\":{\"token\":\"ftp://x\"}}",
                        400,
                        "invalid_request"),
                c(
                        "unknown override name",
                        As.PROJECT,
                        "PUT",
                        "/v1/integrations/harvest",
                        "{\"clientId\":\"c\",\"clientSecret\":\"s\",\"settings\":{\"userAgent\":\"A (a@b.example)\"},"
                                + "\"endpointOverrides\":{\"tokn\":\"https://x.example\"}}",
                        400,
                        "invalid_request"),
                c(
                        "unknown scope",
                        As.PROJECT,
                        "PUT",
                        "/v1/integrations/harvest",
                        "{\"clientId\":\"c\",\"clientSecret\":\"s\",\"settings\":{\"userAgent\":\"A (a@b.example)\"},"
                                + "\"scopes\":[\"admin:everything\"]}",
                        400,
                        "invalid_request"),
                c(
                        "scopes not an array",
                        As.PROJECT,
                        "PUT",
                        "/v1/integrations/harvest",
                        "{\"clientId\":\"c\",\"clientSecret\":\"s\",\"settings\":{\"userAgent\":\"A (a@b.example)\"},"
                                + "\"scopes\":\"harvest:all\"}",
                        400,
                        "invalid_request"),
                c(
                        "generic provider without endpoints",
                        As.PROJECT,
                        "PUT",
                        "/v1/integrations/oauth2",
                        "{\"clientId\":\"c\",\"clientSecret\":\"s\"}",
                        400,
                        "invalid_request"),
                c(
                        "delete unconfigured integration",
                        As.PROJECT,
                        "DELETE",
                        "/v1/integrations/oauth2",
                        null,
                        404,
                        "integration_not_found"),
                // connect sessions
                c(
                        "wrong enum",
                        As.PROJECT,
                        "POST",
                        "/v1/connect/sessions",
                        session("\"bot\"", "\"org_ok\"", null),
                        400,
                        "invalid_request"),
                c(
                        "user without userId",
                        As.PROJECT,
                        "POST",
                        "/v1/connect/sessions",
                        session("\"user\"", "\"org_ok\"", null),
                        400,
                        "invalid_request"),
                c(
                        "installation with userId",
                        As.PROJECT,
                        "POST",
                        "/v1/connect/sessions",
                        session("\"installation\"", "\"org_ok\"", "\"u1\""),
                        400,
                        "invalid_request"),
                c(
                        "over-long tenant id",
                        As.PROJECT,
                        "POST",
                        "/v1/connect/sessions",
                        session("\"installation\"", "\"" + longId + "\"", null),
                        400,
                        "invalid_request"),
                c(
                        "control character in tenant id",
                        As.PROJECT,
                        "POST",
                        "/v1/connect/sessions",
                        session("\"installation\"", "\"org\\u0007acme\"", null),
                        400,
                        "invalid_request"),
                c(
                        "invisible character in user id",
                        As.PROJECT,
                        "POST",
                        "/v1/connect/sessions",
                        session("\"user\"", "\"org_ok\"", "\"u\\u200bser\""),
                        400,
                        "invalid_request"),
                c(
                        "slash in tenant id",
                        As.PROJECT,
                        "POST",
                        "/v1/connect/sessions",
                        session("\"installation\"", "\"org/acme\"", null),
                        400,
                        "invalid_request"),
                c(
                        "origin not allowed",
                        As.PROJECT,
                        "POST",
                        "/v1/connect/sessions",
                        "{\"provider\":\"harvest\",\"tenantId\":\"t\",\"credentialFor\":\"installation\","
                                + "\"origin\":\"https://evil.example\"}",
                        400,
                        "origin_not_allowed"),
                c(
                        "return URL elsewhere",
                        As.PROJECT,
                        "POST",
                        "/v1/connect/sessions",
                        "{\"provider\":\"harvest\",\"tenantId\":\"t\",\"credentialFor\":\"installation\","
                                + "\"returnUrl\":\"https://evil.example/steal\"}",
                        400,
                        "origin_not_allowed"),
                c(
                        "session for unknown provider",
                        As.PROJECT,
                        "POST",
                        "/v1/connect/sessions",
                        "{\"provider\":\"nope\",\"tenantId\":\"t\",\"credentialFor\":\"installation\"}",
                        404,
                        "unknown_provider"),
                c(
                        "session for unconfigured provider",
                        As.PROJECT,
                        "POST",
                        "/v1/connect/sessions",
                        "{\"provider\":\"oauth2\",\"tenantId\":\"t\",\"credentialFor\":\"installation\"}",
                        409,
                        "integration_not_configured"),
                // credentials
                c(
                        "missing provider",
                        As.PROJECT,
                        "GET",
                        "/v1/credentials?tenantId=org_ok",
                        null,
                        400,
                        "invalid_request"),
                c(
                        "unknown provider on read",
                        As.PROJECT,
                        "GET",
                        "/v1/credentials?provider=nope&tenantId=org_ok",
                        null,
                        404,
                        "unknown_provider"),
                c(
                        "credentialFor wrong",
                        As.PROJECT,
                        "GET",
                        "/v1/credentials?provider=harvest&tenantId=org_ok&credentialFor=bot",
                        null,
                        400,
                        "invalid_request"),
                c(
                        "negative validity",
                        As.PROJECT,
                        "GET",
                        "/v1/credentials?provider=harvest&tenantId=org_ok&minValiditySeconds=-1",
                        null,
                        400,
                        "invalid_request"),
                c(
                        "validity not a number",
                        As.PROJECT,
                        "GET",
                        "/v1/credentials?provider=harvest&tenantId=org_ok&minValiditySeconds=soon",
                        null,
                        400,
                        "invalid_request"),
                c(
                        "unknown query parameter",
                        As.PROJECT,
                        "GET",
                        "/v1/credentials?provider=harvest&tenantId=org_ok&fresh=1",
                        null,
                        400,
                        "invalid_request"),
                c(
                        "repeated query parameter",
                        As.PROJECT,
                        "GET",
                        "/v1/credentials?provider=harvest&tenantId=org_ok&tenantId=org_other",
                        null,
                        400,
                        "invalid_request"),
                c(
                        "over-long tenant on read",
                        As.PROJECT,
                        "GET",
                        "/v1/credentials?provider=harvest&tenantId=" + longId,
                        null,
                        400,
                        "invalid_request"),
                c(
                        "not installed",
                        As.PROJECT,
                        "GET",
                        "/v1/credentials?provider=harvest&tenantId=org_none",
                        null,
                        404,
                        "not_installed"),
                c(
                        "not authorized",
                        As.PROJECT,
                        "GET",
                        "/v1/credentials?provider=harvest&tenantId=org_ok&credentialFor=user&userId=nobody",
                        null,
                        404,
                        "not_authorized"),
                c(
                        "import without token",
                        As.PROJECT,
                        "POST",
                        "/v1/credentials/import",
                        "{\"provider\":\"harvest\",\"tenantId\":\"org_x\",\"credentialFor\":\"installation\"}",
                        400,
                        "invalid_request"),
                c(
                        "import with bad expiry",
                        As.PROJECT,
                        "POST",
                        "/v1/credentials/import",
                        "{\"provider\":\"harvest\",\"tenantId\":\"org_x\",\"credentialFor\":\"installation\","
                                + "\"accessToken\":\"a\",\"expiresAt\":\"tomorrow\"}",
                        400,
                        "invalid_request"),
                c(
                        "import metadata not an object",
                        As.PROJECT,
                        "POST",
                        "/v1/credentials/import",
                        "{\"provider\":\"harvest\",\"tenantId\":\"org_x\",\"credentialFor\":\"installation\","
                                + "\"accessToken\":\"a\",\"metadata\":[1]}",
                        400,
                        "invalid_request"),
                c(
                        "import user without installation",
                        As.PROJECT,
                        "POST",
                        "/v1/credentials/import",
                        "{\"provider\":\"harvest\",\"tenantId\":\"org_x\",\"credentialFor\":\"user\",\"userId\":\"u\","
                                + "\"accessToken\":\"a\"}",
                        409,
                        "installation_required"),
                c(
                        "import user into another account",
                        As.PROJECT,
                        "POST",
                        "/v1/credentials/import",
                        "{\"provider\":\"harvest\",\"tenantId\":\"org_ok\",\"credentialFor\":\"user\",\"userId\":\"u\","
                                + "\"accessToken\":\"a\",\"metadata\":{\"accountIds\":[\"999\"]}}",
                        409,
                        "account_mismatch"),
                // installations and events
                c(
                        "bad status filter",
                        As.PROJECT,
                        "GET",
                        "/v1/installations?status=weird",
                        null,
                        400,
                        "invalid_request"),
                c("bad cursor", As.PROJECT, "GET", "/v1/installations?cursor=%21%21%21", null, 400, "invalid_request"),
                c("limit zero", As.PROJECT, "GET", "/v1/installations?limit=0", null, 400, "invalid_request"),
                c(
                        "uninstall missing",
                        As.PROJECT,
                        "DELETE",
                        "/v1/installations/harvest/org_none",
                        null,
                        404,
                        "not_installed"),
                c(
                        "delete missing user",
                        As.PROJECT,
                        "DELETE",
                        "/v1/installations/harvest/org_ok/users/ghost",
                        null,
                        404,
                        "not_authorized"),
                c("negative event cursor", As.PROJECT, "GET", "/v1/events?after=-5", null, 400, "invalid_request"),
                c("unknown endpoint", As.PROJECT, "GET", "/v1/whatever", null, 404, "not_found"),
                c("wrong method", As.PROJECT, "PATCH", "/v1/integrations/harvest", "{}", 405, "method_not_allowed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedClearlyAndChangesNothing(
            String name, As as, String method, String path, String body, int status, String code) {
        String before = snapshot();
        Http.Response r = send(as, method, path, body);

        assertThat(r.status()).as(name + ": " + r.body()).isEqualTo(status);
        assertThat(r.errorCode()).as(r.body()).isEqualTo(code);
        assertThat(r.json().path("error").path("message").asText()).isNotBlank();
        assertThat(r.header("Content-Type").orElse("")).startsWith("application/json");
        assertThat(r.body())
                .doesNotContain(TestBroker.ADMIN_KEY)
                .doesNotContain(projectKey)
                .doesNotContain(TestBroker.CLIENT_SECRET)
                .doesNotContain(ACCESS_TOKEN)
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(snapshot()).isEqualTo(before);
    }

    private static Http.Response send(As as, String method, String path, String body) {
        Http client = switch (as) {
            case ADMIN -> broker.admin();
            case PROJECT -> api;
            case ANONYMOUS -> broker.anonymous();
            case WRONG_KEY -> broker.project("sk_not-a-real-key");
            case BASIC -> broker.anonymous();
        };
        if (as == As.BASIC) {
            return RawHttp.send(broker.server.baseUrl() + path, method, body, "Basic dXNlcjpwYXNz");
        }
        return switch (method) {
            case "GET" -> client.get(path);
            case "DELETE" -> client.delete(path);
            case "POST" -> client.post(path, body);
            case "PUT" -> client.put(path, body);
            default ->
                RawHttp.send(
                        broker.server.baseUrl() + path, method, body, as == As.PROJECT ? "Bearer " + projectKey : null);
        };
    }

    /** Everything a bad request could have changed, as one comparable string. */
    private static String snapshot() {
        return api.get("/v1/integrations").body()
                + api.get("/v1/installations?limit=200").body()
                + api.get("/v1/events?limit=1000").body()
                + api.get("/v1/credentials?provider=harvest&tenantId=org_ok&minValiditySeconds=0")
                        .body();
    }

    private static Arguments c(String name, As as, String method, String path, String body, int status, String code) {
        return Arguments.of(name, as, method, path, body, status, code);
    }

    private static String integration(String settings) {
        return "{\"clientId\":\"c\",\"clientSecret\":\"s\",\"settings\":" + settings + "}";
    }

    private static String session(String credentialFor, String tenant, String user) {
        return "{\"provider\":\"harvest\",\"tenantId\":" + tenant + ",\"credentialFor\":" + credentialFor
                + (user == null ? "" : ",\"userId\":" + user) + "}";
    }
}
