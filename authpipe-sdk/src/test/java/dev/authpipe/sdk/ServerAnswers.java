package dev.authpipe.sdk;

import java.time.Instant;
import mockwebserver3.MockResponse;

/** Answers of a fake Authpipe server, shaped as PRODUCT.md §2.2 specifies. */
final class ServerAnswers {
    private ServerAnswers() {}

    static MockResponse credential(String token, Instant expiresAt) {
        String expiry = expiresAt == null ? "null" : "\"" + expiresAt + "\"";
        return json(200, """
                {"credential":"%s","tokenType":"bearer","expiresAt":%s,"scopes":["harvest:all"],\
                "metadata":{"accountIds":["100001"]},"status":"active"}""".formatted(token, expiry));
    }

    static MockResponse error(int status, String code, String message) {
        return json(status, """
                {"error":{"code":"%s","message":"%s"}}""".formatted(code, message));
    }

    static MockResponse json(int status, String body) {
        return new MockResponse.Builder()
                .code(status)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }
}
