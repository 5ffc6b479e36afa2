package dev.authpipe.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The request the SDK sends and how it reads a successful answer. */
class GetCredentialTest {
    private static final String SECRET_KEY = "sk_test_0123456789";
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    private final MockWebServer server = new MockWebServer();
    private Authpipe authpipe;

    @BeforeEach
    void start() throws Exception {
        server.start();
        authpipe = Authpipe.builder()
                .baseUrl(server.url("/").toString())
                .secretKey(SECRET_KEY)
                .clock(new MutableClock(NOW))
                .build();
    }

    @AfterEach
    void stop() {
        authpipe.close();
        server.close();
    }

    @Test
    void readsEveryFieldOfTheAnswer() {
        server.enqueue(ServerAnswers.credential("tok_abc", Instant.parse("2026-11-28T12:00:00Z")));

        Credential credential = authpipe.getCredential(CredentialRequest.installation("harvest", "org_acme"));

        assertThat(credential.credential()).isEqualTo("tok_abc");
        assertThat(credential.tokenType()).isEqualTo("bearer");
        assertThat(credential.expiresAt()).isEqualTo(Instant.parse("2026-11-28T12:00:00Z"));
        assertThat(credential.scopes()).containsExactly("harvest:all");
        assertThat(credential.metadata()).isEqualTo(Map.of("accountIds", List.of("100001")));
        assertThat(credential.status()).isEqualTo("active");
    }

    @Test
    void ignoresFieldsItDoesNotKnow() {
        server.enqueue(ServerAnswers.json(200, """
                {"id":"cred_1","credential":"tok_abc","refreshedAt":"2026-11-28T09:00:00Z",
                 "health":{"lastCheckedAt":null,"checks":[1,2,{"deep":[true]}]},"status":"active","score":0.5}"""));

        Credential credential = authpipe.getCredential(CredentialRequest.installation("harvest", "org_acme"));

        assertThat(credential.credential()).isEqualTo("tok_abc");
        assertThat(credential.status()).isEqualTo("active");
        assertThat(credential.metadata()).isEmpty();
        assertThat(credential.scopes()).isEmpty();
    }

    @Test
    void acceptsANullOrMissingExpiry() {
        server.enqueue(ServerAnswers.json(200, """
                {"credential":"tok_null","expiresAt":null}"""));
        server.enqueue(ServerAnswers.json(200, """
                {"credential":"tok_absent"}"""));

        Credential withNull = authpipe.getCredential(CredentialRequest.installation("harvest", "org_null"));
        Credential withoutField = authpipe.getCredential(CredentialRequest.installation("harvest", "org_absent"));

        assertThat(withNull.credential()).isEqualTo("tok_null");
        assertThat(withNull.expiresAt()).isNull();
        assertThat(withoutField.expiresAt()).isNull();
        assertThat(withoutField.tokenType()).isNull();
        assertThat(withoutField.status()).isNull();
    }

    @Test
    void acceptsAnExpiryWithAnOffset() {
        server.enqueue(ServerAnswers.json(200, """
                {"credential":"tok_abc","expiresAt":"2026-11-28T13:00:00+01:00"}"""));

        Credential credential = authpipe.getCredential(CredentialRequest.installation("harvest", "org_acme"));

        assertThat(credential.expiresAt()).isEqualTo(Instant.parse("2026-11-28T12:00:00Z"));
    }

    @Test
    void exposesNestedMetadataAsUnmodifiableJdkValues() {
        server.enqueue(ServerAnswers.json(200, """
                {"credential":"tok_abc","expiresAt":null,"metadata":{
                   "accountIds":["100001","100002"],
                   "account":{"id":100001,"plan":"pro","owner":true,"ratio":0.75,"note":null},
                   "big":123456789012345678901234567890}}"""));

        Credential credential = authpipe.getCredential(CredentialRequest.installation("harvest", "org_acme"));

        Map<String, Object> metadata = credential.metadata();
        assertThat(metadata).containsOnlyKeys("accountIds", "account", "big");
        assertThat(metadata.get("accountIds")).isEqualTo(List.of("100001", "100002"));
        @SuppressWarnings("unchecked")
        Map<String, Object> account = (Map<String, Object>) metadata.get("account");
        assertThat(account)
                .containsEntry("id", 100001L)
                .containsEntry("plan", "pro")
                .containsEntry("owner", true)
                .containsEntry("ratio", 0.75)
                .containsEntry("note", null);
        assertThat(metadata.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThatThrownBy(() -> metadata.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> account.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> credential.scopes().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void sendsAnInstallationRequestWithKeyHeadersAndMinimumValidity() throws Exception {
        server.enqueue(ServerAnswers.credential("tok_abc", NOW.plus(Duration.ofHours(1))));

        authpipe.getCredential(CredentialRequest.installation("harvest", "org_acme"));

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getTarget())
                .isEqualTo("/v1/credentials?provider=harvest&tenantId=org_acme&credentialFor=installation"
                        + "&minValiditySeconds=600");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + SECRET_KEY);
        assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
        assertThat(request.getHeaders().get("User-Agent"))
                .isEqualTo("authpipe-java/" + CredentialsEndpoint.SDK_VERSION)
                .matches("authpipe-java/\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void sendsAUserRequestWithEveryValuePercentEncoded() throws Exception {
        server.enqueue(ServerAnswers.credential("tok_abc", NOW.plus(Duration.ofHours(1))));
        String tenantId = "org acme+1@example.com:eu/x&y=z";
        String userId = "user:42+ä@x";

        authpipe.getCredential(CredentialRequest.user("harvest", tenantId, userId));

        RecordedRequest request = server.takeRequest();
        assertThat(request.getTarget())
                .isEqualTo("/v1/credentials?provider=harvest"
                        + "&tenantId=org%20acme%2B1%40example.com%3Aeu%2Fx%26y%3Dz"
                        + "&credentialFor=user"
                        + "&userId=user%3A42%2B%C3%A4%40x"
                        + "&minValiditySeconds=600");
        assertThat(request.getUrl().queryParameter("tenantId")).isEqualTo(tenantId);
        assertThat(request.getUrl().queryParameter("userId")).isEqualTo(userId);
    }

    @Test
    void asksForTwiceTheSafetyMarginAndKeepsABasePathPrefix() throws Exception {
        server.enqueue(ServerAnswers.credential("tok_abc", NOW.plus(Duration.ofHours(1))));
        try (Authpipe behindProxy = Authpipe.builder()
                .baseUrl(server.url("/authpipe/").uri())
                .secretKey(SECRET_KEY)
                .safetyMargin(Duration.ofSeconds(90))
                .build()) {

            behindProxy.getCredential(CredentialRequest.installation("harvest", "org_acme"));
        }

        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/authpipe/v1/credentials");
        assertThat(request.getUrl().queryParameter("minValiditySeconds")).isEqualTo("180");
    }

    @Test
    void roundsASubSecondMarginUpWhenAskingForValidity() throws Exception {
        server.enqueue(ServerAnswers.credential("tok_abc", NOW.plus(Duration.ofHours(1))));
        try (Authpipe precise = Authpipe.builder()
                .baseUrl(server.url("/").uri())
                .secretKey(SECRET_KEY)
                .safetyMargin(Duration.ofMillis(1500))
                .build()) {

            precise.getCredential(CredentialRequest.installation("harvest", "org_acme"));
        }

        assertThat(server.takeRequest().getUrl().queryParameter("minValiditySeconds"))
                .isEqualTo("4");
    }

    @Test
    void rejectsASuccessWithoutACredential() {
        server.enqueue(ServerAnswers.json(200, """
                {"tokenType":"bearer","status":"active"}"""));
        server.enqueue(ServerAnswers.json(200, """
                {"credential":42}"""));
        server.enqueue(ServerAnswers.json(200, """
                {"credential":""}"""));
        CredentialRequest request = CredentialRequest.installation("harvest", "org_acme");

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> authpipe.getCredential(request))
                    .isExactlyInstanceOf(AuthpipeException.class)
                    .hasMessageContaining("credential")
                    .extracting(e -> ((AuthpipeException) e).code(), e -> ((AuthpipeException) e).httpStatus())
                    .containsExactly("unexpected_response", 200);
        }
    }

    @Test
    void rejectsFieldsOfTheWrongTypeWithoutEchoingTheToken() {
        List<String> bodies = Arrays.asList("""
                {"credential":"tok_secret_1","expiresAt":"tomorrow"}""", """
                {"credential":"tok_secret_1","scopes":"harvest:all"}""", """
                {"credential":"tok_secret_1","scopes":["a",1]}""", """
                {"credential":"tok_secret_1","metadata":[]}""", """
                {"credential":"tok_secret_1","status":3}""", """
                ["tok_secret_1"]""", """
                {"credential":"tok_secret_1",""");
        CredentialRequest request = CredentialRequest.installation("harvest", "org_acme");

        for (String body : bodies) {
            server.enqueue(ServerAnswers.json(200, body));
            assertThatThrownBy(() -> authpipe.getCredential(request))
                    .as(body)
                    .isExactlyInstanceOf(AuthpipeException.class)
                    .satisfies(e -> assertThat(((AuthpipeException) e).code()).isEqualTo("unexpected_response"))
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("tok_secret_1"))
                    .satisfies(e -> assertThat(String.valueOf(e.getCause())).doesNotContain("tok_secret_1"));
        }
    }
}
