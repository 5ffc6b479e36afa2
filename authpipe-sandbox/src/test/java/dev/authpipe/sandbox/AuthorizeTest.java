package dev.authpipe.sandbox;

import static dev.authpipe.sandbox.SandboxHttp.REDIRECT;
import static dev.authpipe.sandbox.SandboxHttp.location;
import static dev.authpipe.sandbox.SandboxHttp.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuthorizeTest {
    private final HarvestSandbox sandbox = HarvestSandbox.start();
    private final SandboxHttp http = new SandboxHttp(sandbox);

    @AfterEach
    void close() {
        sandbox.close();
    }

    @Test
    void redirectsWithCodeScopeAndStateAndPlusEncodedScope() {
        sandbox.autoConsent(5001, 100001, 200001);

        HttpResponse<String> response = http.authorize(Map.of());

        assertThat(response.statusCode()).isEqualTo(302);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location)
                .startsWith(REDIRECT + "?code=")
                .endsWith("&scope=harvest%3A100001+forecast%3A200001&state=st-1");
        assertThat(query(location(response))).containsEntry("scope", "harvest:100001 forecast:200001");
    }

    @Test
    void keepsTheRedirectUrisOwnQuery() {
        sandbox.autoConsent(5002);

        HttpResponse<String> response = http.authorize(Map.of("redirect_uri", REDIRECT + "?tenant=t1"));

        assertThat(location(response).toString()).startsWith(REDIRECT + "?tenant=t1&code=");
        assertThat(query(location(response))).containsEntry("tenant", "t1").containsEntry("scope", "harvest:100001");
    }

    @Test
    void redirectUriMustStartWithTheRegisteredPrefix() {
        sandbox.autoConsent(5001);
        assertThat(http.authorize(Map.of("redirect_uri", "http://localhost:9/anything/else"))
                        .statusCode())
                .isEqualTo(302);

        HttpResponse<String> mismatch = http.authorize(Map.of("redirect_uri", "https://evil.example/callback"));

        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(mismatch.headers().firstValue("Location")).isEmpty();
        assertThat(mismatch.body()).contains("does not start with");
    }

    @Test
    void missingRedirectUriFallsBackToTheRegisteredUrl() {
        sandbox.autoConsent(5001);
        HttpResponse<String> response = http.authorize(Map.of("redirect_uri", ""));

        assertThat(location(response).toString()).startsWith("http://localhost?code=");
    }

    @Test
    void unknownClientGetsAnErrorPageNotARedirect() {
        HttpResponse<String> response = http.authorize(Map.of("client_id", "<script>nobody</script>"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(response.body()).contains("&lt;script&gt;nobody").doesNotContain("<script>");
    }

    @Test
    void otherResponseTypesRedirectWithUnsupportedResponseType() {
        HttpResponse<String> response = http.authorize(Map.of("response_type", "token"));

        assertThat(query(location(response)))
                .containsEntry("error", "unsupported_response_type")
                .containsEntry("state", "st-1")
                .doesNotContainKey("code");
    }

    @Test
    void denyNextRedirectsWithAccessDeniedOnce() {
        sandbox.denyNext();

        assertThat(query(location(http.authorize(Map.of()))))
                .containsEntry("error", "access_denied")
                .containsEntry("state", "st-1");
        sandbox.autoConsent(5001);
        assertThat(query(location(http.authorize(Map.of())))).containsKey("code");
    }

    @Test
    void autoConsentWithoutAccountsGrantsWhatTheScopeOffers() {
        sandbox.autoConsent(5001);
        assertThat(query(location(http.authorize(Map.of("scope", "harvest:all")))))
                .containsEntry("scope", "harvest:100001");

        sandbox.autoConsent(5001);
        assertThat(query(location(http.authorize(Map.of("scope", "all")))))
                .containsEntry("scope", "harvest:100001 forecast:200001");
    }

    @Test
    void harvestAllKnobAnswersTheAllStyleScope() {
        sandbox.answerScopeAsHarvestAll(true);
        sandbox.autoConsent(5001, 100001);

        assertThat(query(location(http.authorize(Map.of())))).containsEntry("scope", "harvest:all");
    }

    @Test
    void singleAccountClientsGetExactlyOneAccount() {
        sandbox.registerClient(new OAuthClient("single", "s3cret", "http://localhost", true));
        sandbox.autoConsent(5001, 100001, 200001);

        assertThat(query(location(http.authorize(Map.of("client_id", "single")))))
                .containsEntry("scope", "harvest:100001");
    }

    @Test
    void defaultConsentFromOptionsAppliesToEveryAuthorization() {
        try (HarvestSandbox scripted =
                HarvestSandbox.start(SandboxOptions.defaults().withDefaultConsent(Consent.of(5003)))) {
            SandboxHttp scriptedHttp = new SandboxHttp(scripted);
            for (int i = 0; i < 2; i++) {
                assertThat(query(location(scriptedHttp.authorize(Map.of())))).containsEntry("scope", "harvest:100002");
            }
        }
    }

    @Test
    void unknownPkceMethodRedirectsWithInvalidRequest() {
        sandbox.autoConsent(5001);
        HttpResponse<String> response =
                http.authorize(Map.of("code_challenge", "abc", "code_challenge_method", "S512"));

        assertThat(query(location(response))).containsEntry("error", "invalid_request");
    }
}
