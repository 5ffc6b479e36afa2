package dev.authpipe.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AUTHPIPE_PROVIDER_ALLOW_PRIVATE=false: provider calls never reach this machine or its network. */
class ProviderEgressTest {
    private static final String STRICT = "AUTHPIPE_PROVIDER_ALLOW_PRIVATE";

    @Test
    void anIntegrationPointingAtAPrivateAddressIsRefusedAndNothingIsStored(@TempDir Path dir) {
        try (TestBroker strict = TestBroker.start(dir, Map.of(STRICT, "false"))) {
            Http api = strict.project(strict.createProject("Strict"));

            Http.Response r = api.put("/v1/integrations/harvest", strict.harvestIntegration());

            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("invalid_request");
            assertThat(r.json().path("error").path("message").asText())
                    .startsWith("endpointOverrides.")
                    .contains("loopback, private or link-local");
            assertThat(api.get("/v1/integrations/harvest").status()).isEqualTo(404);
        }
    }

    @Test
    void anIntegrationSavedBeforeTheServerForbadePrivateAddressesIsNotCalled(@TempDir Path dir) {
        try (TestBroker broker = TestBroker.start(dir)) {
            String key = broker.createProject("Earlier");
            Http api = broker.project(key);
            broker.configureHarvest(api);
            broker.install(api, "org_x");
            broker.restartWith(Map.of(STRICT, "false"));
            broker.clock.advance(Duration.ofDays(14));
            long refreshes = broker.harvest.refreshCount();

            Http.Response read = broker.project(key)
                    .get("/v1/credentials?provider=harvest&tenantId=org_x&credentialFor=installation");

            assertThat(read.status()).as(read.body()).isEqualTo(503);
            assertThat(read.errorCode()).isEqualTo("provider_unavailable");
            assertThat(broker.harvest.refreshCount()).isEqualTo(refreshes);
        }
    }

    @Test
    void theSandboxCannotRunOnAServerThatForbidsPrivateAddresses() {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of(STRICT, "false"), true, true))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(STRICT);
    }
}
