package dev.authpipe.sandbox;

import static dev.authpipe.sandbox.SandboxHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RefreshTest {
    private final MutableClock clock = MutableClock.atFixedStart();
    private final HarvestSandbox sandbox =
            HarvestSandbox.start(SandboxOptions.defaults().withClock(clock));
    private final SandboxHttp http = new SandboxHttp(sandbox);

    @AfterEach
    void close() {
        sandbox.close();
    }

    @Test
    void withoutRotationTheSameRefreshTokenComesBackAndKeepsWorking() {
        JsonNode first = http.connect(5001, 100001);
        String refreshToken = first.get("refresh_token").asText();

        JsonNode second = json(http.refresh(refreshToken));
        JsonNode third = json(http.refresh(refreshToken));

        assertThat(second.get("refresh_token").asText()).isEqualTo(refreshToken);
        assertThat(third.get("refresh_token").asText()).isEqualTo(refreshToken);
        assertThat(third.get("access_token").asText())
                .isNotEqualTo(second.get("access_token").asText());
        assertThat(third.get("token_type").asText()).isEqualTo("bearer");
        assertThat(third.has("scope")).isFalse();
        assertThat(sandbox.refreshCount()).isEqualTo(2);
    }

    @Test
    void withRotationTheOldRefreshTokenIsRejected() {
        sandbox.rotateRefreshTokens(true);
        String original = http.connect(5001).get("refresh_token").asText();

        String rotated = json(http.refresh(original)).get("refresh_token").asText();
        HttpResponse<String> reuse = http.refresh(original);

        assertThat(rotated).isNotEqualTo(original);
        assertThat(reuse.statusCode()).isEqualTo(400);
        assertThat(json(reuse).get("error").asText()).isEqualTo("invalid_grant");
        assertThat(http.refresh(rotated).statusCode()).isEqualTo(200);
    }

    @Test
    void refreshTokensExpireWhenALifetimeIsSet() {
        sandbox.refreshTokenLifetime(Duration.ofDays(30));
        String refreshToken = http.connect(5001).get("refresh_token").asText();
        clock.advance(Duration.ofDays(30).minusSeconds(1));
        assertThat(http.refresh(refreshToken).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(1));

        assertThat(json(http.refresh(refreshToken)).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void refreshTokensNeverExpireByDefault() {
        String refreshToken = http.connect(5001).get("refresh_token").asText();
        clock.advance(Duration.ofDays(3650));

        assertThat(http.refresh(refreshToken).statusCode()).isEqualTo(200);
    }

    @Test
    void refreshResponsesCanOmitTheRefreshToken() {
        sandbox.omitRefreshTokenInRefreshResponse(true);
        String refreshToken = http.connect(5001).get("refresh_token").asText();

        JsonNode refreshed = json(http.refresh(refreshToken));

        assertThat(refreshed.has("refresh_token")).isFalse();
        assertThat(refreshed.get("access_token").asText()).startsWith("5001.at.");
        assertThat(http.refresh(refreshToken).statusCode()).isEqualTo(200);
    }

    @Test
    void accessTokensExpireAfterExpiresInAndRefreshRenewsThem() {
        sandbox.expiresIn(3600);
        JsonNode tokens = http.connect(5001, 100001);
        clock.advance(Duration.ofSeconds(3599));
        assertThat(http.usersMe(tokens.get("access_token").asText(), 100001).statusCode())
                .isEqualTo(200);

        clock.advance(Duration.ofSeconds(1));
        assertThat(http.usersMe(tokens.get("access_token").asText(), 100001).statusCode())
                .isEqualTo(401);

        String renewed = json(http.refresh(tokens.get("refresh_token").asText()))
                .get("access_token")
                .asText();
        assertThat(http.usersMe(renewed, 100001).statusCode()).isEqualTo(200);
    }

    @Test
    void aRefreshTokenBelongsToItsClient() {
        sandbox.registerClient("other", "other-secret", "http://localhost");
        var form = SandboxHttp.tokenForm(
                "refresh_token",
                "refresh_token",
                http.connect(5001).get("refresh_token").asText());
        form.put("client_id", "other");
        form.put("client_secret", "other-secret");

        assertThat(json(http.postForm(SandboxHttp.TOKEN, form)).get("error").asText())
                .isEqualTo("invalid_grant");
    }

    @Test
    void revokedGrantsCannotRefresh() {
        String refreshToken = http.connect(5002).get("refresh_token").asText();
        sandbox.revokeGrantsOf(5002);

        assertThat(json(http.refresh(refreshToken)).get("error").asText()).isEqualTo("invalid_grant");
    }
}
