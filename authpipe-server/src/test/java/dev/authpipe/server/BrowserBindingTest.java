package dev.authpipe.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code AUTHPIPE_CONNECT_BROWSER_BINDING=true}, a connect flow finishes only in the browser
 * that opened the link (RFC 6749 §10.12): a forwarded authorization URL cannot attach someone
 * else's grant to the sender's user.
 */
class BrowserBindingTest {
    @TempDir
    Path dir;

    TestBroker broker;
    Http api;

    @BeforeEach
    void start() {
        broker = TestBroker.start(dir, Map.of("AUTHPIPE_CONNECT_BROWSER_BINDING", "true"));
        api = broker.project(broker.createProject("Bound"));
        broker.configureHarvest(api);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    /** A browser: keeps cookies, follows nothing by itself. */
    static final class Browser {
        private final HttpClient client = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();

        Http.Response get(String url) {
            try {
                HttpResponse<String> r = client.send(
                        HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
                return new Http.Response(r.statusCode(), r.headers(), r.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void theBrowserThatOpenedTheLinkFinishesTheFlow() {
        Browser admin = new Browser();
        broker.harvest.autoConsent(5001, 100001);
        Http.Response open = admin.get(broker.session(api, "org_b", null));
        assertThat(open.header("Set-Cookie").orElseThrow())
                .contains("authpipe_connect=")
                .contains("HttpOnly")
                .contains("SameSite=Lax")
                .contains("Path=/oauth/callback");
        Http.Response consent = admin.get(open.location());
        Http.Response callback = admin.get(consent.location());
        assertThat(callback.status()).as(callback.body()).isEqualTo(200);
        assertThat(api.get("/v1/credentials?provider=harvest&tenantId=org_b").status())
                .isEqualTo(200);
    }

    @Test
    void aForwardedAuthorizationUrlCannotBindAnotherPersonsGrant() {
        Browser mallory = new Browser();
        broker.install(api, "org_b2");
        String authorizeUrl =
                mallory.get(broker.session(api, "org_b2", "mallory")).location();

        Browser ada = new Browser();
        broker.harvest.autoConsent(5001, 100001);
        Http.Response callback = ada.get(ada.get(authorizeUrl).location());

        assertThat(callback.status()).isEqualTo(400);
        assertThat(callback.body()).contains("browser_mismatch").doesNotContain("postMessage");
        assertThat(api.get("/v1/credentials?provider=harvest&tenantId=org_b2&credentialFor=user&userId=mallory")
                        .errorCode())
                .isEqualTo("not_authorized");
    }
}
