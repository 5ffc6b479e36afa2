package dev.authpipe.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authpipe.provider.BodyFormat;
import dev.authpipe.provider.ClientAuthentication;
import dev.authpipe.provider.OAuthSpec;
import dev.authpipe.provider.PkceMethod;
import dev.authpipe.vault.Secret;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenEndpointTest {
    private static final String CLIENT_ID = "client:id é";
    private static final String CLIENT_SECRET = "p@ss w+rd/é-very-secret";
    private static final String CODE = "auth-code-value";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String REDIRECT = "https://authpipe.example.com/v1/connect/callback";
    private static final String REFRESH_TOKEN = "1387424.rt.old-refresh-token";
    private static final String ACCESS_TOKEN = "1387424.at.new-access-token";
    private static final Map<String, String> PROVIDER_HEADERS = Map.of("User-Agent", "Acme CRM (ops@acme.example)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private final MockWebServer server = new MockWebServer();
    private final TokenEndpoint endpoint = new TokenEndpoint(ProviderHttp.withDefaults());
    private final ClientCredentials client = new ClientCredentials(CLIENT_ID, Secret.of(CLIENT_SECRET));

    @BeforeEach
    void start() throws IOException {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void formRequestCarriesTheGrantAndClientCredentialsInTheBody() throws Exception {
        enqueueJson(200, "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"bearer\"}");

        endpoint.request(
                tokenUrl(),
                spec(ClientAuthentication.CLIENT_SECRET_POST, BodyFormat.FORM),
                client,
                code(),
                PROVIDER_HEADERS);

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/oauth2/token");
        assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
        assertThat(request.getHeaders().get("Authorization")).isNull();
        assertThat(FormEncoding.decode(body(request)))
                .containsOnly(
                        Map.entry("grant_type", "authorization_code"),
                        Map.entry("code", CODE),
                        Map.entry("redirect_uri", REDIRECT),
                        Map.entry("code_verifier", VERIFIER),
                        Map.entry("client_id", CLIENT_ID),
                        Map.entry("client_secret", CLIENT_SECRET));
    }

    @Test
    void jsonRequestCarriesTheSameParametersAsAJsonObject() throws Exception {
        enqueueJson(200, "{\"access_token\":\"" + ACCESS_TOKEN + "\"}");

        endpoint.request(
                tokenUrl(),
                spec(ClientAuthentication.CLIENT_SECRET_POST, BodyFormat.JSON),
                client,
                TokenGrant.refresh(Secret.of(REFRESH_TOKEN)),
                PROVIDER_HEADERS);

        RecordedRequest request = server.takeRequest();
        assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json");
        JsonNode json = JSON.readTree(body(request));
        assertThat(json.size()).isEqualTo(4);
        assertThat(json.path("grant_type").asText()).isEqualTo("refresh_token");
        assertThat(json.path("refresh_token").asText()).isEqualTo(REFRESH_TOKEN);
        assertThat(json.path("client_id").asText()).isEqualTo(CLIENT_ID);
        assertThat(json.path("client_secret").asText()).isEqualTo(CLIENT_SECRET);
    }

    @Test
    void clientSecretBasicFormEncodesIdAndSecretInsideTheBasicHeader() throws Exception {
        enqueueJson(200, "{\"access_token\":\"" + ACCESS_TOKEN + "\"}");

        endpoint.request(
                tokenUrl(), spec(ClientAuthentication.CLIENT_SECRET_BASIC, BodyFormat.FORM), client, code(), Map.of());

        RecordedRequest request = server.takeRequest();
        String authorization = request.getHeaders().get("Authorization");
        assertThat(authorization).startsWith("Basic ");
        String pair = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
        assertThat(pair).isEqualTo("client%3Aid+%C3%A9:p%40ss+w%2Brd%2F%C3%A9-very-secret");
        String[] parts = pair.split(":", 2);
        assertThat(URLDecoder.decode(parts[0], StandardCharsets.UTF_8)).isEqualTo(CLIENT_ID);
        assertThat(URLDecoder.decode(parts[1], StandardCharsets.UTF_8)).isEqualTo(CLIENT_SECRET);
        assertThat(FormEncoding.decode(body(request))).doesNotContainKeys("client_id", "client_secret");
    }

    @Test
    void providerHeadersAreSent() throws Exception {
        enqueueJson(200, "{\"access_token\":\"" + ACCESS_TOKEN + "\"}");

        endpoint.request(tokenUrl(), harvestLike(), client, code(), PROVIDER_HEADERS);

        assertThat(server.takeRequest().getHeaders().get("User-Agent")).isEqualTo("Acme CRM (ops@acme.example)");
    }

    @Test
    void parsesAFullResponse() {
        enqueueJson(
                200,
                "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"refresh_token\":\"" + REFRESH_TOKEN
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":1209600,\"scope\":\"read write\"}");

        TokenResponse response = endpoint.request(tokenUrl(), harvestLike(), client, code(), PROVIDER_HEADERS);

        assertThat(response.accessToken().reveal()).isEqualTo(ACCESS_TOKEN);
        assertThat(response.refreshToken().reveal()).isEqualTo(REFRESH_TOKEN);
        assertThat(response.tokenType()).isEqualTo("bearer");
        assertThat(response.expiresIn()).isEqualTo(1209600L);
        assertThat(response.lifetime()).contains(Duration.ofDays(14));
        assertThat(response.scope()).isEqualTo("read write");
        assertThat(response.toString()).doesNotContain(ACCESS_TOKEN, REFRESH_TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ",\"refresh_token\":null", ",\"refresh_token\":\"\""})
    void missingRefreshTokenIsNull(String refreshField) {
        enqueueJson(200, "{\"access_token\":\"" + ACCESS_TOKEN + "\"" + refreshField + "}");

        TokenResponse response = endpoint.request(tokenUrl(), harvestLike(), client, code(), PROVIDER_HEADERS);

        assertThat(response.refreshToken()).isNull();
        assertThat(response.tokenType()).isEqualTo("bearer");
        assertThat(response.expiresIn()).isNull();
        assertThat(response.lifetime()).isEmpty();
        assertThat(response.scope()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1209599", "\"1209599\"", " \"1209599\""})
    void expiresInMayBeANumberOrAString(String value) {
        enqueueJson(200, "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"expires_in\":" + value + "}");

        assertThat(endpoint.request(tokenUrl(), harvestLike(), client, code(), PROVIDER_HEADERS)
                        .expiresIn())
                .isEqualTo(1209599L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "\"soon\"", "\"12h\""})
    void malformedExpiresInIsAnInvalidResponse(String value) {
        enqueueJson(200, "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"expires_in\":" + value + "}");

        OAuthException e = requestFails(OAuthException.class);

        assertThat(e.error()).isEqualTo("invalid_response");
        assertThat(e.getMessage()).doesNotContain(ACCESS_TOKEN);
    }

    @Test
    void parsesAFormEncodedSuccessResponse() {
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .body("access_token=gho_16C7e42F292c6912E7710c838347Ae178B4a&scope=repo%2Cgist&token_type=bearer")
                .build());

        TokenResponse response = endpoint.request(tokenUrl(), harvestLike(), client, code(), Map.of());

        assertThat(response.accessToken().reveal()).isEqualTo("gho_16C7e42F292c6912E7710c838347Ae178B4a");
        assertThat(response.scope()).isEqualTo("repo,gist");
        assertThat(response.tokenType()).isEqualTo("bearer");
        assertThat(response.refreshToken()).isNull();
    }

    @Test
    void formMediaTypeIsMatchedCaseInsensitively() {
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "Application/X-WWW-Form-URLEncoded")
                .body("access_token=" + ACCESS_TOKEN + "&token_type=bearer")
                .build());

        TokenResponse response = endpoint.request(tokenUrl(), harvestLike(), client, code(), Map.of());

        assertThat(response.accessToken().reveal()).isEqualTo(ACCESS_TOKEN);
    }

    @ParameterizedTest
    @CsvSource({
        "400, invalid_grant, true",
        "401, invalid_client, true",
        "400, unauthorized_client, true",
        "400, invalid_request, false",
        "400, invalid_scope, false",
        "400, unsupported_grant_type, false"
    })
    void oauthErrorBodyBecomesAnOAuthException(int status, String error, boolean terminal) {
        enqueueJson(
                status,
                "{\"error\":\"" + error + "\",\"error_description\":\"The refresh token " + REFRESH_TOKEN
                        + " for client secret " + CLIENT_SECRET + " is invalid\"}");

        OAuthException e = requestFails(OAuthException.class);

        assertThat(e.error()).isEqualTo(error);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.isTerminal()).isEqualTo(terminal);
        assertThat(e.getMessage()).contains(error).doesNotContain(REFRESH_TOKEN, CLIENT_SECRET, "is invalid");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 302})
    void non2xxWithoutAnOAuthErrorIsAnInvalidResponse(int status) {
        server.enqueue(new MockResponse.Builder()
                .code(status)
                .addHeader("Content-Type", "text/html")
                .body("<html>denied " + CLIENT_SECRET + "</html>")
                .build());

        OAuthException e = requestFails(OAuthException.class);

        assertThat(e.error()).isEqualTo("invalid_response");
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.isTerminal()).isFalse();
        assertThat(e.getMessage()).doesNotContain(CLIENT_SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"token_type\":\"bearer\"}", "{\"access_token\":\"\"}", "not json", "", "[1,2]"})
    void successWithoutAnAccessTokenIsAnInvalidResponse(String body) {
        enqueueJson(200, body);

        assertThat(requestFails(OAuthException.class).error()).isEqualTo("invalid_response");
    }

    @Test
    void rateLimitWithRetryAfterSecondsIsUnavailable() {
        server.enqueue(new MockResponse.Builder()
                .code(429)
                .addHeader("Retry-After", "30")
                .build());

        ProviderUnavailableException e = requestFails(ProviderUnavailableException.class);

        assertThat(e.status()).isEqualTo(429);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
    }

    @Test
    void rateLimitWithRetryAfterHttpDateIsUnavailableUntilThatDate() {
        ZonedDateTime inAnHour = ZonedDateTime.now(ZoneOffset.UTC).plusHours(1);
        server.enqueue(new MockResponse.Builder()
                .code(429)
                .addHeader("Retry-After", HTTP_DATE.format(inAnHour))
                .build());

        ProviderUnavailableException e = requestFails(ProviderUnavailableException.class);

        assertThat(e.status()).isEqualTo(429);
        assertThat(e.retryAfter())
                .hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofMinutes(55), Duration.ofMinutes(60)));
    }

    @Test
    void retryAfterDateInThePastMeansNow() {
        server.enqueue(new MockResponse.Builder()
                .code(429)
                .addHeader("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")
                .build());

        assertThat(requestFails(ProviderUnavailableException.class).retryAfter())
                .contains(Duration.ZERO);
    }

    @Test
    void unparseableRetryAfterIsIgnored() {
        server.enqueue(new MockResponse.Builder()
                .code(429)
                .addHeader("Retry-After", "soon")
                .build());

        assertThat(requestFails(ProviderUnavailableException.class).retryAfter())
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void serverErrorsAreUnavailable(int status) {
        enqueueJson(status, "{\"error\":\"server_error\",\"error_description\":\"" + CLIENT_SECRET + "\"}");

        ProviderUnavailableException e = requestFails(ProviderUnavailableException.class);

        assertThat(e.status()).isEqualTo(status);
        assertThat(e.retryAfter()).isEmpty();
        assertThat(e.getMessage()).contains(String.valueOf(status)).doesNotContain(CLIENT_SECRET);
    }

    @Test
    void serviceUnavailableCarriesRetryAfter() {
        server.enqueue(new MockResponse.Builder()
                .code(503)
                .addHeader("Retry-After", "120")
                .build());

        assertThat(requestFails(ProviderUnavailableException.class).retryAfter())
                .contains(Duration.ofMinutes(2));
    }

    @Test
    void connectionRefusedIsUnavailableWithStatusZero() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        ProviderUnavailableException e = catchThrowableOfType(
                ProviderUnavailableException.class,
                () -> endpoint.request(
                        "http://127.0.0.1:" + closedPort + "/oauth2/token", harvestLike(), client, code(), Map.of()));

        assertThat(e.status()).isZero();
        assertThat(e.retryAfter()).isEmpty();
        assertThat(e.getMessage()).doesNotContain(CLIENT_SECRET, CODE);
    }

    private <T extends Throwable> T requestFails(Class<T> type) {
        T thrown = catchThrowableOfType(
                type, () -> endpoint.request(tokenUrl(), harvestLike(), client, code(), PROVIDER_HEADERS));
        assertThat(thrown).as("expected %s", type.getSimpleName()).isNotNull();
        assertThat(thrown.toString()).doesNotContain(CLIENT_SECRET, CODE, VERIFIER);
        return thrown;
    }

    private void enqueueJson(int status, String body) {
        server.enqueue(new MockResponse.Builder()
                .code(status)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build());
    }

    private String tokenUrl() {
        return server.url("/oauth2/token").toString();
    }

    private static String body(RecordedRequest request) {
        return request.getBody() == null ? "" : request.getBody().utf8();
    }

    private static TokenGrant code() {
        return TokenGrant.authorizationCode(Secret.of(CODE), REDIRECT, Secret.of(VERIFIER));
    }

    private static OAuthSpec harvestLike() {
        return spec(ClientAuthentication.CLIENT_SECRET_POST, BodyFormat.FORM);
    }

    private static OAuthSpec spec(ClientAuthentication authentication, BodyFormat format) {
        return new OAuthSpec(PkceMethod.S256, " ", List.of(), List.of(), List.of(), authentication, format);
    }
}
