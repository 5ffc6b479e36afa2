package dev.authpipe.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** A small HTTP client for the sandbox, playing both the broker and the browser. */
final class SandboxHttp {
    static final String USER_AGENT = "Authpipe tests (dev@authpipe.example)";
    static final String REDIRECT = "http://localhost:7777/callback";
    static final String TOKEN = "/api/v2/oauth2/token";

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HarvestSandbox sandbox;

    SandboxHttp(HarvestSandbox sandbox) {
        this.sandbox = sandbox;
    }

    /** GET with the test User-Agent; header pairs after it override or add. */
    HttpResponse<String> get(String pathAndQuery, String... headers) {
        return send(request(pathAndQuery, headers).GET());
    }

    HttpResponse<String> postForm(String path, Map<String, String> form, String... headers) {
        return send(request(path, headers)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Form.encode(form))));
    }

    /** POST an already-encoded form body (repeated names allowed). */
    HttpResponse<String> postRaw(String path, String formBody) {
        return send(request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody)));
    }

    HttpResponse<String> postJson(String path, String json, String... headers) {
        return send(request(path, headers)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** GET /oauth2/authorize for the sandbox client; returns the response (a redirect or a page). */
    HttpResponse<String> authorize(Map<String, String> extra) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_id", OAuthClient.SANDBOX_CLIENT_ID);
        params.put("response_type", "code");
        params.put("redirect_uri", REDIRECT);
        params.put("state", "st-1");
        params.putAll(extra);
        params.values().removeIf(v -> v == null);
        return get("/oauth2/authorize?" + Form.encode(params));
    }

    /** Consents in advance and returns the callback's parameters. */
    Map<String, String> consent(long personId, long... accountIds) {
        sandbox.autoConsent(personId, accountIds);
        HttpResponse<String> response = authorize(Map.of());
        assertThat(response.statusCode()).isEqualTo(302);
        return query(location(response));
    }

    /** Exchanges a code as the sandbox client, by form; returns the raw response. */
    HttpResponse<String> exchange(String code) {
        return postForm(TOKEN, tokenForm("authorization_code", "code", code));
    }

    /** Consent plus exchange: a token response for the person. */
    JsonNode connect(long personId, long... accountIds) {
        HttpResponse<String> response = exchange(consent(personId, accountIds).get("code"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    HttpResponse<String> refresh(String refreshToken) {
        return postForm(TOKEN, tokenForm("refresh_token", "refresh_token", refreshToken));
    }

    HttpResponse<String> usersMe(String accessToken, long accountId) {
        return get("/v2/users/me", "Authorization", "Bearer " + accessToken, "Harvest-Account-Id", "" + accountId);
    }

    static Map<String, String> tokenForm(String grantType, String name, String value) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", grantType);
        form.put(name, value);
        form.put("client_id", OAuthClient.SANDBOX_CLIENT_ID);
        form.put("client_secret", OAuthClient.SANDBOX_CLIENT_SECRET);
        return form;
    }

    static URI location(HttpResponse<String> response) {
        return URI.create(response.headers().firstValue("Location").orElseThrow());
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(
                    URLDecoder.decode(pair.substring(0, eq), UTF_8), URLDecoder.decode(pair.substring(eq + 1), UTF_8));
        }
        return params;
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A GET sent over a raw socket, so no User-Agent is added; returns the status line. */
    String rawGet(String path, String... headerLines) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), sandbox.port())) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            for (String line : headerLines) {
                request.append(line).append("\r\n");
            }
            request.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), UTF_8);
            return response.substring(0, response.indexOf("\r\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder request(String pathAndQuery, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + pathAndQuery))
                .header("User-Agent", USER_AGENT);
        for (int i = 0; i < headers.length; i += 2) {
            builder.setHeader(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private static HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            return CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
