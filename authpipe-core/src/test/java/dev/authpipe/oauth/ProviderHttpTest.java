package dev.authpipe.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.authpipe.egress.EgressPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProviderHttpTest {
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;
    private String url;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void byDefaultAProviderOnThisMachineIsReached() {
        assertThat(ProviderHttp.withDefaults().get(url, Map.of()).status()).isEqualTo(204);
        assertThat(requests).hasValue(1);
    }

    @Test
    void aForbiddenDestinationIsNeverContacted() {
        ProviderHttp strict = ProviderHttp.withDefaults().withEgress(EgressPolicy.PUBLIC_ONLY);

        ProviderUnavailableException e =
                catchThrowableOfType(ProviderUnavailableException.class, () -> strict.post(url, Map.of(), "a=b"));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("the provider's host resolves to a loopback");
        assertThat(requests).hasValue(0);
    }
}
