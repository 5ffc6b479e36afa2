package dev.authpipe.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Import, listing, uninstall, events and project isolation through the REST API. */
class CredentialsApiTest {
    @TempDir
    static Path dir;

    static TestBroker broker;
    static Http api;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(dir);
        api = broker.project(broker.createProject("Listing"));
        broker.configureHarvest(api);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void importedCredentialsAreServedAndListedWithoutTokenMaterial() {
        importInstallation("org_import", "imported-at-1");
        Http.Response user = api.post(
                "/v1/credentials/import",
                Map.of(
                        "provider",
                        "harvest",
                        "tenantId",
                        "org_import",
                        "credentialFor",
                        "user",
                        "userId",
                        "u@acme.example",
                        "accessToken",
                        "imported-user-at",
                        "scopes",
                        List.of("harvest:100001"),
                        "metadata",
                        Map.of("accountIds", List.of("100001"))));
        assertThat(user.status()).as(user.body()).isEqualTo(201);
        assertThat(user.body()).doesNotContain("imported-user-at");
        assertThat(user.json().path("userId").asText()).isEqualTo("u@acme.example");
        assertThat(user.json().path("hasRefreshToken").asBoolean()).isFalse();

        Http.Response read = api.get(
                "/v1/credentials?provider=harvest&tenantId=org_import&credentialFor=user&userId=u%40acme.example");
        assertThat(read.json().path("credential").asText()).isEqualTo("imported-user-at");
        assertThat(TestBroker.texts(read.json().path("scopes"))).containsExactly("harvest:100001");
        assertThat(read.json().path("expiresAt").isNull()).isTrue();

        Http.Response installation = api.get("/v1/installations/harvest/org_import");
        assertThat(installation.status()).isEqualTo(200);
        assertThat(installation.body()).doesNotContain("imported-at-1").doesNotContain("refresh-imported-at-1");
        assertThat(installation.json().path("hasRefreshToken").asBoolean()).isTrue();
        Http.Response users = api.get("/v1/installations/harvest/org_import/users");
        assertThat(users.json().path("data")).hasSize(1);
        assertThat(users.body()).doesNotContain("imported-user-at");
    }

    @Test
    void installationsPageByCursorWithoutGapsOrRepeats() {
        for (int i = 0; i < 12; i++) {
            importInstallation(String.format("org_page_%02d", i), "t" + i);
        }
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = api.get(
                            "/v1/installations?provider=harvest&limit=5" + (cursor == null ? "" : "&cursor=" + cursor))
                    .json();
            page.path("data").forEach(n -> {
                String tenant = n.path("tenantId").asText();
                assertThat(seen.add(tenant)).as("repeated " + tenant).isTrue();
                order.add(tenant);
            });
            cursor = page.path("nextCursor").isNull()
                    ? null
                    : page.path("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 20);
        assertThat(order.stream().filter(t -> t.startsWith("org_page_")).toList())
                .hasSize(12)
                .isSorted();
        assertThat(api.get("/v1/installations?tenantId=org_page_03").json().path("data"))
                .hasSize(1);
        assertThat(api.get("/v1/installations?status=revoked").json().path("data"))
                .isEmpty();
    }

    @Test
    void uninstallRemovesTheInstallationAndItsUsersAndRecordsEvents() {
        importInstallation("org_gone", "gone-at");
        for (String u : List.of("a", "b")) {
            api.post(
                    "/v1/credentials/import",
                    Map.of(
                            "provider",
                            "harvest",
                            "tenantId",
                            "org_gone",
                            "credentialFor",
                            "user",
                            "userId",
                            u,
                            "accessToken",
                            "gone-" + u));
        }
        assertThat(api.delete("/v1/installations/harvest/org_gone/users/a").status())
                .isEqualTo(204);
        assertThat(api.get("/v1/installations/harvest/org_gone/users").json().path("data"))
                .hasSize(1);
        assertThat(api.delete("/v1/installations/harvest/org_gone").status()).isEqualTo(204);
        assertThat(api.get("/v1/credentials?provider=harvest&tenantId=org_gone&credentialFor=user&userId=b")
                        .errorCode())
                .isEqualTo("not_installed");
        assertThat(api.get("/v1/installations/harvest/org_gone").status()).isEqualTo(404);

        List<String> types = new ArrayList<>();
        api.get("/v1/events?limit=1000").json().path("data").forEach(e -> {
            if ("org_gone".equals(e.path("data").path("tenantId").asText())) {
                types.add(e.path("type").asText());
            }
        });
        assertThat(types)
                .containsExactly(
                        "installation.created",
                        "user.authorized",
                        "user.authorized",
                        "user.deleted",
                        "installation.deleted");
    }

    @Test
    void eventsPageByCursor() {
        importInstallation("org_events_1", "e1");
        importInstallation("org_events_2", "e2");
        JsonNode first = api.get("/v1/events?limit=1").json();
        assertThat(first.path("data")).hasSize(1);
        String cursor = first.path("nextCursor").asText();
        JsonNode rest = api.get("/v1/events?after=" + cursor + "&limit=1000").json();
        assertThat(rest.path("data").get(0).path("id").asText())
                .isNotEqualTo(first.path("data").get(0).path("id").asText());
        String end = rest.path("nextCursor").asText();
        JsonNode none = api.get("/v1/events?after=" + end).json();
        assertThat(none.path("data")).isEmpty();
        assertThat(none.path("nextCursor").asText()).isEqualTo(end);
    }

    @Test
    void aProjectNeverSeesAnotherProjectsData() {
        importInstallation("org_private", "private-token");
        Http other = broker.project(broker.createProject("Other"));
        assertThat(other.get("/v1/credentials?provider=harvest&tenantId=org_private")
                        .errorCode())
                .isEqualTo("not_installed");
        assertThat(other.get("/v1/installations/harvest/org_private").status()).isEqualTo(404);
        assertThat(other.delete("/v1/installations/harvest/org_private").status())
                .isEqualTo(404);
        assertThat(other.get("/v1/installations").json().path("data")).isEmpty();
        assertThat(other.get("/v1/integrations").json().path("data")).isEmpty();
        assertThat(other.get("/v1/events").json().path("data")).isEmpty();
        assertThat(api.get("/v1/credentials?provider=harvest&tenantId=org_private")
                        .json()
                        .path("credential")
                        .asText())
                .isEqualTo("private-token");
    }

    @Test
    void integrationsNeverReturnTheClientSecret() {
        Http.Response one = api.get("/v1/integrations/harvest");
        Http.Response all = api.get("/v1/integrations");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().has("clientSecret")).isFalse();
        assertThat(one.json().path("redirectUri").asText()).isEqualTo(broker.server.baseUrl() + "/oauth/callback");
        assertThat(one.body() + all.body()).doesNotContain(TestBroker.CLIENT_SECRET);
        assertThat(TestBroker.texts(one.json().path("scopes"))).containsExactly("harvest:all", "offline_access");
        assertThat(api.get("/v1/providers").body())
                .contains("\"id\":\"harvest\"")
                .contains("\"id\":\"oauth2\"");
    }

    private static void importInstallation(String tenant, String token) {
        Http.Response r = api.post(
                "/v1/credentials/import",
                Map.of(
                        "provider",
                        "harvest",
                        "tenantId",
                        tenant,
                        "credentialFor",
                        "installation",
                        "accessToken",
                        token,
                        "refreshToken",
                        "refresh-" + token,
                        "expiresAt",
                        "2027-06-01T00:00:00Z",
                        "metadata",
                        Map.of("accountIds", List.of("100001"))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
}
