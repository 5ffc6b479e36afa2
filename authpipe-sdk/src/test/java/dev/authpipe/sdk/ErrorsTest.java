package dev.authpipe.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How every kind of failure reaches the caller. */
class ErrorsTest {
    private static final String SECRET_KEY = "sk_live_ErrorsTestKey42";
    private static final CredentialRequest USER = CredentialRequest.user("harvest", "org_acme", "user_123");

    private final MockWebServer server = new MockWebServer();
    private Authpipe authpipe;

    @BeforeEach
    void start() throws IOException {
        server.start();
        authpipe = client(server, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        authpipe.close();
        server.close();
    }

    @ParameterizedTest
    @CsvSource({
        "404, not_installed,        dev.authpipe.sdk.NotInstalled",
        "404, not_authorized,       dev.authpipe.sdk.NotAuthorized",
        "409, reconnect_required,   dev.authpipe.sdk.ReconnectRequired",
        "503, provider_unavailable, dev.authpipe.sdk.ProviderUnavailable",
        "401, unauthorized,         dev.authpipe.sdk.Unauthorized",
        "403, unauthorized,         dev.authpipe.sdk.Unauthorized",
        "401, invalid_secret_key,   dev.authpipe.sdk.Unauthorized",
        "400, invalid_request,      dev.authpipe.sdk.AuthpipeException",
        "500, internal_error,       dev.authpipe.sdk.AuthpipeException",
    })
    void mapsEachErrorCodeToItsType(int status, String code, Class<?> type) {
        server.enqueue(ServerAnswers.json(status, """
                {"error":{"code":"%s","message":"Human sentence for %s","requestId":"req_1","details":{"a":[1]}}}""".formatted(code, code)));

        AuthpipeException e = failure();

        assertThat(e).isExactlyInstanceOf(type);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.getMessage()).isEqualTo("Human sentence for " + code);
        assertThat(e.httpStatus()).isEqualTo(status);
    }

    @Test
    void describesAnErrorWithoutAMessageByStatusAndCode() {
        server.enqueue(ServerAnswers.json(404, """
                {"error":{"code":"not_installed"}}"""));

        AuthpipeException e = failure();

        assertThat(e).isInstanceOf(NotInstalled.class);
        assertThat(e.getMessage()).contains("404").contains("not_installed");
    }

    @Test
    void reportsANonJsonErrorBodyAsAnUnexpectedResponse() {
        server.enqueue(new MockResponse.Builder()
                .code(502)
                .addHeader("Content-Type", "text/html")
                .body("<html><body>Bad gateway</body></html>")
                .build());

        AuthpipeException e = failure();

        assertThat(e).isExactlyInstanceOf(AuthpipeException.class);
        assertThat(e.code()).isEqualTo("unexpected_response");
        assertThat(e.httpStatus()).isEqualTo(502);
        assertThat(e.getMessage()).contains("502").doesNotContain("Bad gateway");
    }

    @Test
    void reportsJsonWithoutAnErrorCodeAsAnUnexpectedResponse() {
        server.enqueue(ServerAnswers.json(500, """
                {"message":"Internal Server Error"}"""));

        AuthpipeException e = failure();

        assertThat(e.code()).isEqualTo("unexpected_response");
        assertThat(e.httpStatus()).isEqualTo(500);
    }

    @Test
    void treatsAny401AsUnauthorizedEvenWithoutABody() {
        server.enqueue(new MockResponse.Builder().code(401).body("Unauthorized").build());

        AuthpipeException e = failure();

        assertThat(e).isInstanceOf(Unauthorized.class);
        assertThat(e.code()).isEqualTo("unauthorized");
        assertThat(e.httpStatus()).isEqualTo(401);
    }

    @Test
    void reportsARedirectAsAnUnexpectedResponse() {
        server.enqueue(new MockResponse.Builder()
                .code(302)
                .addHeader("Location", "https://elsewhere.example/v1/credentials")
                .build());

        AuthpipeException e = failure();

        assertThat(e.code()).isEqualTo("unexpected_response");
        assertThat(e.httpStatus()).isEqualTo(302);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void removesTheSecretKeyShouldTheServerEverEchoIt() {
        server.enqueue(ServerAnswers.error(401, "unauthorized", "Unknown key " + SECRET_KEY + " for this project"));

        AuthpipeException e = failure();

        assertThat(e.getMessage()).isEqualTo("Unknown key *** for this project");
    }

    @Test
    void reportsARefusedConnectionAsANetworkError() throws IOException {
        MockWebServer gone = new MockWebServer();
        gone.start();
        gone.close();

        try (Authpipe unreachable = client(gone, Duration.ofSeconds(10))) {
            AuthpipeException e = catchThrowableOfType(AuthpipeException.class, () -> unreachable.getCredential(USER));

            assertThat(e).isExactlyInstanceOf(AuthpipeException.class);
            assertThat(e.code()).isEqualTo("network_error");
            assertThat(e.httpStatus()).isZero();
            assertThat(e.getCause()).isInstanceOf(ConnectException.class);
            assertThat(e.getMessage()).doesNotContain(SECRET_KEY);
        }
    }

    @Test
    void reportsAServerThatDoesNotAnswerInTimeAsANetworkError() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                release.await(10, TimeUnit.SECONDS);
                return ServerAnswers.error(500, "too_late", "Too late");
            }
        });

        try (Authpipe impatient = client(server, Duration.ofMillis(200))) {
            AuthpipeException e = catchThrowableOfType(AuthpipeException.class, () -> impatient.getCredential(USER));

            assertThat(e.code()).isEqualTo("network_error");
            assertThat(e.httpStatus()).isZero();
            assertThat(e.getCause()).isInstanceOfAny(HttpTimeoutException.class, TimeoutException.class);
        } finally {
            release.countDown();
        }
    }

    @Test
    void boundsTheWholeResponseNotJustItsHeaders() {
        server.enqueue(new MockResponse.Builder(ServerAnswers.error(500, "too_late", "Too late"))
                .bodyDelay(5, TimeUnit.SECONDS)
                .build());

        try (Authpipe impatient = client(server, Duration.ofMillis(200))) {
            AuthpipeException e = catchThrowableOfType(AuthpipeException.class, () -> impatient.getCredential(USER));

            assertThat(e.code()).isEqualTo("network_error");
            assertThat(e.getCause()).isInstanceOfAny(HttpTimeoutException.class, TimeoutException.class);
        }
    }

    private AuthpipeException failure() {
        return catchThrowableOfType(AuthpipeException.class, () -> authpipe.getCredential(USER));
    }

    private static Authpipe client(MockWebServer target, Duration timeout) {
        return Authpipe.builder()
                .baseUrl(target.url("/").uri())
                .secretKey(SECRET_KEY)
                .requestTimeout(timeout)
                .build();
    }
}
