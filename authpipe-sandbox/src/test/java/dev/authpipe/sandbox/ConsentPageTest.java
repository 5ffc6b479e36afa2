package dev.authpipe.sandbox;

import static dev.authpipe.sandbox.SandboxHttp.location;
import static dev.authpipe.sandbox.SandboxHttp.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The interactive flow a newcomer clicks through, driven by reading the page's forms. */
class ConsentPageTest {
    private static final Pattern INPUT =
            Pattern.compile("<input type=\"(\\w+)\" name=\"([^\"]*)\" value=\"([^\"]*)\"([^>]*)>");

    private final HarvestSandbox sandbox = HarvestSandbox.start();
    private final SandboxHttp http = new SandboxHttp(sandbox);

    @AfterEach
    void close() {
        sandbox.close();
    }

    @Test
    void pageRendersSafelyWithPeopleAndAccounts() {
        HttpResponse<String> page = http.authorize(Map.of("state", "<b>\"x\"&'", "scope", "all"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(
                        csp -> assertThat(csp).contains("default-src 'none'").contains("frame-ancestors 'none'"));
        assertThat(page.body())
                .contains("value=\"&lt;b&gt;&quot;x&quot;&amp;&#39;\"")
                .doesNotContain("<b>\"x\"")
                .contains("Ada Admin (ada@acme.example)", "Uma User", "Gus Globex")
                .contains("Acme Studio (harvest, 100001)", "Acme Forecast (forecast, 200001)")
                .contains("type=\"checkbox\"");
    }

    @Test
    void allowGrantsTheTickedAccounts() {
        Map<String, List<String>> form =
                decisionForm(http.authorize(Map.of("state", "a&b")).body());
        assertThat(form.get("account_id")).containsExactly("100001", "200001");
        form.put("account_id", List.of("200001"));
        form.put("decision", List.of("allow"));

        HttpResponse<String> response = post(form);

        assertThat(response.statusCode()).isEqualTo(302);
        Map<String, String> callback = query(location(response));
        assertThat(callback).containsEntry("scope", "forecast:200001").containsEntry("state", "a&b");
        assertThat(http.exchange(callback.get("code")).statusCode()).isEqualTo(200);
    }

    @Test
    void denyRedirectsWithAccessDenied() {
        Map<String, List<String>> form = decisionForm(http.authorize(Map.of()).body());
        form.put("decision", List.of("deny"));

        assertThat(query(location(post(form))))
                .containsEntry("error", "access_denied")
                .containsEntry("state", "st-1");
    }

    @Test
    void switchingPersonShowsTheirAccounts() {
        String page = http.authorize(Map.of("person_id", "5003")).body();

        assertThat(page).contains("<option value=\"5003\" selected>");
        Map<String, List<String>> form = decisionForm(page);
        assertThat(form.get("person_id")).containsExactly("5003");
        assertThat(form.get("account_id")).containsExactly("100002");
    }

    @Test
    void singleAccountClientsGetRadioButtons() {
        sandbox.registerClient(new OAuthClient("single", "s", "http://localhost", true));
        String page = http.authorize(Map.of("client_id", "single")).body();

        assertThat(page).contains("type=\"radio\"").doesNotContain("type=\"checkbox\"");
        Map<String, List<String>> form = decisionForm(page);
        form.put("account_id", List.of("100001", "200001"));
        form.put("decision", List.of("allow"));
        assertThat(post(form).statusCode()).isEqualTo(400);
    }

    @Test
    void allowWithoutAnAccountShowsThePageAgain() {
        Map<String, List<String>> form = decisionForm(http.authorize(Map.of()).body());
        form.remove("account_id");
        form.put("decision", List.of("allow"));

        HttpResponse<String> response = post(form);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Choose at least one account.");
    }

    @Test
    void aTamperedRedirectUriIsRefusedOnPost() {
        Map<String, List<String>> form = decisionForm(http.authorize(Map.of()).body());
        form.put("redirect_uri", List.of("https://evil.example/"));
        form.put("decision", List.of("allow"));

        HttpResponse<String> response = post(form);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Location")).isEmpty();
    }

    /** The hidden fields and the ticked boxes of the page's POST form. */
    private static Map<String, List<String>> decisionForm(String page) {
        String form = page.substring(page.indexOf("<form method=\"post\""));
        Map<String, List<String>> fields = new LinkedHashMap<>();
        Matcher input = INPUT.matcher(form);
        while (input.find()) {
            boolean hidden = input.group(1).equals("hidden");
            if (hidden || input.group(4).contains("checked")) {
                fields.computeIfAbsent(unescape(input.group(2)), n -> new ArrayList<>())
                        .add(unescape(input.group(3)));
            }
        }
        return fields;
    }

    private HttpResponse<String> post(Map<String, List<String>> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, values) -> values.forEach(value -> {
            body.append(body.length() == 0 ? "" : "&").append(Form.encode(Map.of(name, value)));
        }));
        return http.postRaw("/oauth2/authorize", body.toString());
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
