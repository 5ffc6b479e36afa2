package dev.authpipe.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authpipe.provider.BodyFormat;
import dev.authpipe.provider.ClientAuthentication;
import dev.authpipe.provider.OAuthSpec;
import dev.authpipe.provider.PkceMethod;
import dev.authpipe.provider.ScopeSpec;
import dev.authpipe.vault.Secret;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthorizationRequestTest {
    private static final String AUTHORIZE = "https://id.example.com/oauth2/authorize";
    private static final String REDIRECT = "https://authpipe.example.com/v1/connect/callback?x=1&y=2";
    private static final String STATE = "st_abc+/=";
    private static final Pkce PKCE = new Pkce(
            Secret.of("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");

    @Test
    void carriesTheCodeFlowParametersWithPkce() {
        URI uri = request(AUTHORIZE, List.of("read", "write")).toUri(spec(PkceMethod.S256, " "));

        assertThat(uri.getScheme() + "://" + uri.getHost() + uri.getPath()).isEqualTo(AUTHORIZE);
        assertThat(FormEncoding.decode(uri.getRawQuery()))
                .containsExactly(
                        Map.entry("response_type", "code"),
                        Map.entry("client_id", "client id/1"),
                        Map.entry("redirect_uri", REDIRECT),
                        Map.entry("scope", "read write"),
                        Map.entry("state", STATE),
                        Map.entry("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
                        Map.entry("code_challenge_method", "S256"));
    }

    @Test
    void valuesAreFormEncodedInTheQuery() {
        URI uri = request(AUTHORIZE, List.of("read", "write")).toUri(spec(PkceMethod.S256, " "));

        assertThat(uri.getRawQuery())
                .contains("client_id=client+id%2F1")
                .contains("redirect_uri=https%3A%2F%2Fauthpipe.example.com%2Fv1%2Fconnect%2Fcallback%3Fx%3D1%26y%3D2")
                .contains("scope=read+write")
                .contains("state=st_abc%2B%2F%3D")
                .doesNotContain("dBjftJeZ4CVP");
    }

    @Test
    void keepsAQueryTheAuthorizeUrlAlreadyHas() {
        URI uri = request(AUTHORIZE + "?audience=api&prompt=consent", List.of("read"))
                .toUri(spec(PkceMethod.S256, " "));

        assertThat(uri.getRawQuery()).startsWith("audience=api&prompt=consent&response_type=code&");
        assertThat(FormEncoding.decode(uri.getRawQuery()))
                .containsEntry("audience", "api")
                .containsEntry("prompt", "consent")
                .containsEntry("state", STATE);
    }

    @Test
    void authorizeUrlEndingInAQuestionMarkGetsNoExtraSeparator() {
        URI uri = request(AUTHORIZE + "?", List.of("read")).toUri(spec(PkceMethod.S256, " "));

        assertThat(uri.getRawQuery()).startsWith("response_type=code&");
    }

    @Test
    void joinsScopesWithTheProvidersSeparator() {
        URI uri = request(AUTHORIZE, List.of("repo", "gist", "user")).toUri(spec(PkceMethod.S256, ","));

        assertThat(FormEncoding.decode(uri.getRawQuery())).containsEntry("scope", "repo,gist,user");
    }

    @Test
    void dropsAuthpipeLevelScopes() {
        URI uri = request(AUTHORIZE, List.of("harvest:all", "offline_access", "forecast:all"))
                .toUri(spec(PkceMethod.S256, " "));

        assertThat(FormEncoding.decode(uri.getRawQuery())).containsEntry("scope", "harvest:all forecast:all");
    }

    @Test
    void omitsTheScopeParameterWhenNoScopeGoesUpstream() {
        URI onlyAuthpipeLevel = request(AUTHORIZE, List.of("offline_access")).toUri(spec(PkceMethod.S256, " "));
        URI none = request(AUTHORIZE, List.of()).toUri(spec(PkceMethod.S256, " "));

        assertThat(FormEncoding.decode(onlyAuthpipeLevel.getRawQuery())).doesNotContainKey("scope");
        assertThat(FormEncoding.decode(none.getRawQuery())).doesNotContainKey("scope");
    }

    @Test
    void omitsPkceWhenTheProviderRefusesIt() {
        URI uri = request(AUTHORIZE, List.of("read")).toUri(spec(PkceMethod.NONE, " "));

        assertThat(FormEncoding.decode(uri.getRawQuery()))
                .doesNotContainKeys("code_challenge", "code_challenge_method")
                .containsEntry("state", STATE);
    }

    @Test
    void omitsPkceWhenNoPairWasMade() {
        AuthorizationRequest request = new AuthorizationRequest(AUTHORIZE, "c", REDIRECT, List.of(), STATE, null);

        assertThat(FormEncoding.decode(request.toUri(spec(PkceMethod.S256, " ")).getRawQuery()))
                .doesNotContainKeys("code_challenge", "code_challenge_method");
    }

    private static AuthorizationRequest request(String authorizeUrl, List<String> scopes) {
        return new AuthorizationRequest(authorizeUrl, "client id/1", REDIRECT, scopes, STATE, PKCE);
    }

    private static OAuthSpec spec(PkceMethod pkce, String separator) {
        return new OAuthSpec(
                pkce,
                separator,
                List.of(),
                List.of(new ScopeSpec("offline_access", "refresh tokens", false), new ScopeSpec("read", "", null)),
                List.of(".+"),
                ClientAuthentication.CLIENT_SECRET_POST,
                BodyFormat.FORM);
    }
}
