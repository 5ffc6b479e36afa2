package dev.authpipe.sandbox;

import static dev.authpipe.sandbox.SandboxHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApiTest {
    private final HarvestSandbox sandbox = HarvestSandbox.start();
    private final SandboxHttp http = new SandboxHttp(sandbox);

    @AfterEach
    void close() {
        sandbox.close();
    }

    @Test
    void accountsListsTheUserAndTheGrantedAccounts() {
        String token = http.connect(5001, 100001, 200001).get("access_token").asText();

        HttpResponse<String> response = http.get("/api/v2/accounts", "Authorization", "bearer " + token);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("user").toString())
                .isEqualTo(
                        "{\"id\":5001,\"first_name\":\"Ada\",\"last_name\":\"Admin\",\"email\":\"ada@acme.example\"}");
        assertThat(body.get("accounts").toString())
                .isEqualTo("[{\"id\":100001,\"name\":\"Acme Studio\",\"product\":\"harvest\"},"
                        + "{\"id\":200001,\"name\":\"Acme Forecast\",\"product\":\"forecast\"}]");
    }

    @Test
    void accountsOnlyListsWhatTheGrantCovers() {
        String token = http.connect(5001, 200001).get("access_token").asText();

        JsonNode body = json(http.get("/api/v1/accounts", "Authorization", "Bearer " + token));

        assertThat(body.get("accounts")).hasSize(1);
        assertThat(body.get("accounts").get(0).get("id").asLong()).isEqualTo(200001);
    }

    @Test
    void badTokensGetInvalidToken() {
        HttpResponse<String> response = http.get("/api/v2/accounts", "Authorization", "Bearer nope");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).get("error").asText()).isEqualTo("invalid_token");
        assertThat(json(response).get("error_description").asText())
                .isEqualTo("The access token provided is expired, revoked, malformed or invalid for other reasons.");
    }

    @Test
    void usersMeReturnsTheUserInThatAccount() {
        String token = http.connect(5001, 100001).get("access_token").asText();

        HttpResponse<String> response = http.usersMe(token, 100001);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode user = json(response);
        assertThat(user.get("id").asLong()).isEqualTo(5001);
        assertThat(user.get("email").asText()).isEqualTo("ada@acme.example");
        assertThat(user.get("is_active").asBoolean()).isTrue();
        assertThat(user.get("access_roles").toString()).isEqualTo("[\"administrator\"]");
        assertThat(user.fieldNames())
                .toIterable()
                .contains(
                        "first_name",
                        "last_name",
                        "telephone",
                        "timezone",
                        "is_contractor",
                        "weekly_capacity",
                        "roles",
                        "avatar_url",
                        "created_at",
                        "updated_at");
    }

    @Test
    void membersAreMembers() {
        String token = http.connect(5002).get("access_token").asText();

        assertThat(json(http.usersMe(token, 100001)).get("access_roles").toString())
                .isEqualTo("[\"member\"]");
    }

    @Test
    void usersMeStatusLadder() {
        String token = http.connect(5001, 100001).get("access_token").asText();
        String auth = "Authorization: Bearer " + token;

        assertThat(http.rawGet("/v2/users/me", auth, "Harvest-Account-Id: 100001"))
                .contains(" 400");
        assertThat(http.get(
                                "/v2/users/me",
                                "Authorization",
                                "Bearer " + token,
                                "Harvest-Account-Id",
                                "100001",
                                "User-Agent",
                                "")
                        .statusCode())
                .isEqualTo(400);
        assertThat(http.usersMe("unknown", 100001).statusCode()).isEqualTo(401);
        assertThat(http.get("/v2/users/me", "Authorization", "Bearer " + token).statusCode())
                .isEqualTo(401);
        assertThat(http.usersMe(token, 100002).statusCode()).isEqualTo(403);
        assertThat(http.usersMe(token, 200001).statusCode()).isEqualTo(403);
        assertThat(http.get("/v2/users/me?account_id=100001&access_token=" + token)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void companyDescribesTheAccount() {
        String token = http.connect(5003).get("access_token").asText();

        JsonNode company =
                json(http.get("/v2/company", "Authorization", "Bearer " + token, "Harvest-Account-Id", "100002"));

        assertThat(company.get("name").asText()).isEqualTo("Globex Consulting");
        assertThat(company.get("is_active").asBoolean()).isTrue();
        assertThat(company.get("full_domain").asText()).isEqualTo("globex-consulting.harvestapp.com");
        assertThat(company.get("base_uri").asText()).isEqualTo("https://globex-consulting.harvestapp.com");
    }

    @Test
    void revokingAPersonKillsTheirTokensOnly() {
        String ada = http.connect(5001, 100001).get("access_token").asText();
        String uma = http.connect(5002).get("access_token").asText();

        sandbox.revokeGrantsOf(5001);

        assertThat(http.usersMe(ada, 100001).statusCode()).isEqualTo(401);
        assertThat(http.get("/api/v2/accounts", "Authorization", "Bearer " + ada)
                        .statusCode())
                .isEqualTo(401);
        assertThat(http.usersMe(uma, 100001).statusCode()).isEqualTo(200);
    }

    @Test
    void removalFromAnAccountNarrowsTheGrant() {
        String token = http.connect(5001, 100001, 200001).get("access_token").asText();

        sandbox.removeFromAccount(5001, 100001);

        assertThat(http.usersMe(token, 100001).statusCode()).isEqualTo(403);
        JsonNode accounts = json(http.get("/api/v2/accounts", "Authorization", "Bearer " + token))
                .get("accounts");
        assertThat(accounts).hasSize(1);
        assertThat(accounts.get(0).get("id").asLong()).isEqualTo(200001);
    }

    @Test
    void unknownPathsAre404() {
        assertThat(http.get("/v2/projects").statusCode()).isEqualTo(404);
        assertThat(http.get("/api/v2/oauth2/token").statusCode()).isEqualTo(405);
    }
}
