package dev.authpipe.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** Tokens and the secret key never show up in what a careless log line would print. */
class RedactionTest {
    private static final String SECRET_KEY = "sk_live_RedactionTestKey";
    private static final String TOKEN = "tok_RedactionTestAccessToken";

    @Test
    void credentialToStringHidesTheToken() {
        Credential credential = new Credential(
                TOKEN,
                "bearer",
                Instant.parse("2026-11-28T12:00:00Z"),
                List.of("harvest:all"),
                Map.of("accountIds", List.of("100001")),
                "active");

        assertThat(credential.toString())
                .doesNotContain(TOKEN)
                .contains("credential=***")
                .contains("bearer")
                .contains("2026-11-28T12:00:00Z")
                .contains("harvest:all")
                .contains("accountIds")
                .contains("active");
    }

    @Test
    void clientToStringHidesTheSecretKey() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(ServerAnswers.credential(TOKEN, Instant.now().plus(Duration.ofHours(1))));
            Authpipe authpipe = Authpipe.builder()
                    .baseUrl(server.url("/").uri())
                    .secretKey(SECRET_KEY)
                    .build();
            authpipe.getCredential(CredentialRequest.installation("harvest", "org_acme"));

            assertThat(authpipe.toString())
                    .doesNotContain(SECRET_KEY)
                    .doesNotContain(TOKEN)
                    .contains("secretKey=***")
                    .contains(server.url("/").toString().replaceAll("/$", ""))
                    .contains("cachedCredentials=1");
        }
    }

    @Test
    void aMalformedSecretKeyIsRejectedWithoutBeingPrinted() {
        String withNewline = SECRET_KEY + "\n";

        Throwable e = org.assertj.core.api.Assertions.catchThrowable(
                () -> Authpipe.builder().secretKey(withNewline));

        assertThat(e).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 24");
        assertThat(e.getMessage()).doesNotContain(SECRET_KEY);
    }
}
