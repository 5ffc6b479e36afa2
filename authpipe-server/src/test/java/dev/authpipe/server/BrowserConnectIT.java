package dev.authpipe.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The connect flow in a real browser (Debian's Chromium): an app page opens the connect URL in a
 * popup, a person consents on the sandbox's page, and the callback posts the outcome to the opener
 * at exactly the session's origin, then closes. A page at any other origin receives nothing.
 */
class BrowserConnectIT {
    private static final String APP_PAGE = """
            <!doctype html><html><body>
            <button id="connect">Connect Harvest</button><pre id="result"></pre>
            <script>
              const params = new URLSearchParams(location.search);
              document.getElementById('connect').onclick = () => window.open(params.get('connect'), 'authpipe');
              window.addEventListener('message', e => {
                document.getElementById('result').textContent = JSON.stringify({origin: e.origin, data: e.data});
              });
            </script></body></html>""";

    @TempDir
    Path dir;

    TestBroker broker;
    HttpServer app;
    WebDriver browser;
    String appOrigin;

    @BeforeEach
    void start() throws IOException {
        broker = TestBroker.start(dir);
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/", exchange -> {
            byte[] page = APP_PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        app.start();
        appOrigin = "http://127.0.0.1:" + app.getAddress().getPort();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--disable-popup-blocking",
                "--user-data-dir=" + dir.resolve("chrome"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        app.stop(0);
        broker.close();
    }

    @Test
    void theCallbackPostsTheOutcomeToTheOpenerAtTheSessionsOriginOnly() throws Exception {
        String key = broker.admin()
                .post("/v1/admin/projects", Map.of("name", "Browser", "allowedOrigins", java.util.List.of(appOrigin)))
                .json()
                .path("secretKey")
                .asText();
        Http api = broker.project(key);
        broker.configureHarvest(api);

        String url = session(api, "org_browser", appOrigin);
        JsonNode received = connectThroughPopup(appOrigin + "/", url);
        assertThat(received.path("origin").asText()).isEqualTo(broker.server.baseUrl());
        assertThat(received.path("data").path("source").asText()).isEqualTo("authpipe");
        assertThat(received.path("data").path("type").asText()).isEqualTo("installed");
        assertThat(received.path("data").path("provider").asText()).isEqualTo("harvest");
        assertThat(received.path("data").path("tenantId").asText()).isEqualTo("org_browser");
        assertThat(received.toString()).doesNotContain(".at.").doesNotContain(".rt.");
        assertThat(api.get("/v1/credentials?provider=harvest&tenantId=org_browser")
                        .status())
                .isEqualTo(200);

        String sameAppOtherOrigin = "http://localhost:" + app.getAddress().getPort() + "/";
        String second = session(api, "org_elsewhere", appOrigin);
        browser.get(sameAppOtherOrigin + "?connect=" + URLEncoder.encode(second, StandardCharsets.UTF_8));
        String main = browser.getWindowHandle();
        browser.findElement(By.id("connect")).click();
        consentInPopup(main);
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> d.getWindowHandles().size() == 1);
        browser.switchTo().window(main);
        assertThat(api.get("/v1/credentials?provider=harvest&tenantId=org_elsewhere")
                        .status())
                .as("the connection itself succeeded")
                .isEqualTo(200);
        assertThat(browser.findElement(By.id("result")).getText())
                .as("a page at another origin hears nothing")
                .isEmpty();
    }

    private String session(Http api, String tenant, String origin) {
        Http.Response r = api.post(
                "/v1/connect/sessions",
                Map.of("provider", "harvest", "tenantId", tenant, "credentialFor", "installation", "origin", origin));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("url").asText();
    }

    private JsonNode connectThroughPopup(String appUrl, String connectUrl) throws IOException {
        browser.get(appUrl + "?connect=" + URLEncoder.encode(connectUrl, StandardCharsets.UTF_8));
        String main = browser.getWindowHandle();
        browser.findElement(By.id("connect")).click();
        consentInPopup(main);
        browser.switchTo().window(main);
        String result = new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> {
            String text = d.findElement(By.id("result")).getText();
            return text.isEmpty() ? null : text;
        });
        assertThat(browser.getWindowHandles()).as("the popup closed itself").hasSize(1);
        return Http.JSON.readTree(result);
    }

    /** In the popup: the sandbox's consent page, as Ada for Acme Studio, press Allow. */
    private void consentInPopup(String main) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        String popup = wait.until(d -> {
            Set<String> handles = d.getWindowHandles();
            return handles.stream().filter(h -> !h.equals(main)).findFirst().orElse(null);
        });
        browser.switchTo().window(popup);
        wait.until(d -> !d.findElements(By.cssSelector("button[value=allow]")).isEmpty());
        assertThat(browser.getCurrentUrl()).startsWith(broker.harvest.baseUrl() + "/oauth2/authorize");
        browser.findElement(By.cssSelector("button[value=allow]")).click();
    }
}
