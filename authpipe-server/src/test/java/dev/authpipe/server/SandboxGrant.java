package dev.authpipe.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authpipe.sandbox.HarvestSandbox;
import java.util.Map;

/** Obtains sandbox tokens directly, as another system would have, for import tests. */
final class SandboxGrant {
    private SandboxGrant() {}

    /** Runs the code flow against the sandbox as {@code person} and returns the refresh token. */
    static String refreshToken(HarvestSandbox harvest, long person, long account) {
        harvest.autoConsent(person, account);
        String redirect = "http://localhost/elsewhere";
        Http.Response authorize = Http.browse(harvest.baseUrl() + "/oauth2/authorize?response_type=code&client_id="
                + TestBroker.CLIENT_ID + "&redirect_uri=" + redirect + "&state=s");
        String code = HarvestConnectTest.query(authorize.location()).get("code");
        Http.Response token = RawHttp.sendForm(
                harvest.baseUrl() + "/api/v2/oauth2/token",
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code,
                        "redirect_uri",
                        redirect,
                        "client_id",
                        TestBroker.CLIENT_ID,
                        "client_secret",
                        TestBroker.CLIENT_SECRET));
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        return token.json().path("refresh_token").asText();
    }
}
