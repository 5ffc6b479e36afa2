package dev.authpipe.sandbox;

import static dev.authpipe.sandbox.SandboxHttp.REDIRECT;
import static dev.authpipe.sandbox.SandboxHttp.TOKEN;
import static dev.authpipe.sandbox.SandboxHttp.json;
import static dev.authpipe.sandbox.SandboxHttp.tokenForm;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenTest {
    private final MutableClock clock = MutableClock.atFixedStart();
    private final HarvestSandbox sandbox =
            HarvestSandbox.start(SandboxOptions.defaults().withClock(clock));
    private final SandboxHttp http = new SandboxHttp(sandbox);

    @AfterEach
    void close() {
        sandbox.close();
    }

    @Test
    void formExchangeAnswersHarvestsShape() {
        HttpResponse<String> response = http.exchange(http.consent(5001, 100001).get("code"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = json(response);
        assertThat(body.get("token_type").asText()).isEqualTo("bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(1_209_600);
        assertThat(body.has("scope")).isFalse();
        assertThat(body.get("access_token").asText()).startsWith("5001.at.");
        assertThat(body.get("refresh_token").asText()).startsWith("5001.rt.");
    }

    @Test
    void jsonBodiesWorkLikeForms() {
        String code = http.consent(5002).get("code");
        String json = "{\"grant_type\":\"authorization_code\",\"code\":\"" + code
                + "\",\"client_id\":\"authpipe-sandbox\",\"client_secret\":\"sandbox-secret\"}";

        HttpResponse<String> response = http.postJson("/api/v1/oauth2/token", json);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(sandbox.requests(TOKEN)).isEmpty();
        RecordedRequest recorded = sandbox.requests("/api/v1/oauth2/token").get(0);
        assertThat(recorded.bodyFormat()).isEqualTo(RecordedRequest.BodyFormat.JSON);
        assertThat(recorded.bodyParam("code")).contains(code);
    }

    @Test
    void expiresInIsConfigurable() {
        sandbox.expiresIn(1_209_599);

        assertThat(http.connect(5001).get("expires_in").asLong()).isEqualTo(1_209_599);
    }

    @Test
    void aCodeWorksOnceAndReuseRevokesItsTokens() {
        String code = http.consent(5001, 100001).get("code");
        String accessToken = json(http.exchange(code)).get("access_token").asText();
        assertThat(http.usersMe(accessToken, 100001).statusCode()).isEqualTo(200);

        HttpResponse<String> again = http.exchange(code);

        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(json(again).get("error").asText()).isEqualTo("invalid_grant");
        assertThat(json(again).has("error_description")).isTrue();
        assertThat(http.usersMe(accessToken, 100001).statusCode()).isEqualTo(401);
    }

    @Test
    void codesExpireAfterTenMinutesOfSandboxTime() {
        String fresh = http.consent(5001).get("code");
        String stale = http.consent(5001).get("code");
        clock.advance(Duration.ofMinutes(9).plusSeconds(59));
        assertThat(http.exchange(fresh).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(1));

        assertThat(json(http.exchange(stale)).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void aCodeBelongsToItsClient() {
        sandbox.registerClient("other", "other-secret", "http://localhost");
        Map<String, String> form =
                tokenForm("authorization_code", "code", http.consent(5001).get("code"));
        form.put("client_id", "other");
        form.put("client_secret", "other-secret");

        assertThat(json(http.postForm(TOKEN, form)).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void aSentRedirectUriMustMatchTheAuthorizeOne() {
        Map<String, String> wrong =
                tokenForm("authorization_code", "code", http.consent(5001).get("code"));
        wrong.put("redirect_uri", REDIRECT + "/other");
        assertThat(http.postForm(TOKEN, wrong).statusCode()).isEqualTo(400);

        Map<String, String> right =
                tokenForm("authorization_code", "code", http.consent(5001).get("code"));
        right.put("redirect_uri", REDIRECT);
        assertThat(http.postForm(TOKEN, right).statusCode()).isEqualTo(200);
    }

    @Test
    void pkceS256VerifierIsChecked() {
        String verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        String challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"; // RFC 7636 Appendix B
        Map<String, String> pkce = Map.of("code_challenge", challenge, "code_challenge_method", "S256");

        sandbox.autoConsent(5001);
        Map<String, String> bad = tokenForm("authorization_code", "code", codeFrom(http.authorize(pkce)));
        bad.put("code_verifier", verifier + "x");
        assertThat(json(http.postForm(TOKEN, bad)).get("error").asText()).isEqualTo("invalid_grant");

        sandbox.autoConsent(5001);
        Map<String, String> good = tokenForm("authorization_code", "code", codeFrom(http.authorize(pkce)));
        good.put("code_verifier", verifier);
        assertThat(http.postForm(TOKEN, good).statusCode()).isEqualTo(200);
        assertThat(sandbox.requests(TOKEN).get(1).bodyParam("code_verifier")).contains(verifier);
    }

    @Test
    void pkcePlainAndMissingVerifier() {
        sandbox.autoConsent(5001);
        Map<String, String> plain =
                tokenForm("authorization_code", "code", codeFrom(http.authorize(Map.of("code_challenge", "same"))));
        plain.put("code_verifier", "same");
        assertThat(http.postForm(TOKEN, plain).statusCode()).isEqualTo(200);

        sandbox.autoConsent(5001);
        String code = codeFrom(http.authorize(Map.of("code_challenge", "abc", "code_challenge_method", "S256")));
        assertThat(http.exchange(code).statusCode()).isEqualTo(200);
        assertThat(sandbox.unverifiedPkceExchanges()).isEqualTo(1);
    }

    @Test
    void clientAuthenticationFailuresAre401InvalidClient() {
        Map<String, String> form =
                tokenForm("authorization_code", "code", http.consent(5001).get("code"));
        form.put("client_secret", "wrong");
        HttpResponse<String> response = http.postForm(TOKEN, form);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).get("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void httpBasicClientAuthenticationIsAccepted() {
        String basic = Base64.getEncoder().encodeToString("authpipe-sandbox:sandbox-secret".getBytes(UTF_8));
        Map<String, String> form = Map.of(
                "grant_type", "authorization_code", "code", http.consent(5001).get("code"));

        assertThat(http.postForm(TOKEN, form, "Authorization", "Basic " + basic).statusCode())
                .isEqualTo(200);
    }

    @Test
    void requestErrors() {
        HttpResponse<String> noUserAgent = http.postForm(
                TOKEN,
                tokenForm("authorization_code", "code", http.consent(5001).get("code")),
                "User-Agent",
                " ");
        assertThat(noUserAgent.statusCode()).isEqualTo(400);
        assertThat(json(noUserAgent).get("error").asText()).isEqualTo("invalid_request");

        HttpResponse<String> unknownGrant = http.postForm(TOKEN, tokenForm("password", "username", "ada"));
        assertThat(json(unknownGrant).get("error").asText()).isEqualTo("unsupported_grant_type");

        HttpResponse<String> noCode = http.postForm(TOKEN, tokenForm("authorization_code", "code", ""));
        assertThat(noCode.statusCode()).isEqualTo(400);
        assertThat(json(noCode).get("error").asText()).isEqualTo("invalid_request");

        HttpResponse<String> notJson = http.postJson(TOKEN, "[1,2]");
        assertThat(json(notJson).get("error").asText()).isEqualTo("invalid_request");

        assertThat(json(http.exchange("no-such-code")).get("error").asText()).isEqualTo("invalid_grant");
        assertThat(sandbox.tokenRequestCount()).isEqualTo(5);
    }

    private static String codeFrom(HttpResponse<String> authorize) {
        return SandboxHttp.query(SandboxHttp.location(authorize)).get("code");
    }
}
