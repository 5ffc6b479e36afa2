package dev.authpipe.provider;

import java.util.Map;

/**
 * One request that proves a credential still works (a cheap identity call).
 *
 * @param endpoint the endpoint name to call with the credential's bearer token
 * @param method HTTP method, GET by default
 * @param headers extra headers; values may use {@code {settings.NAME}} and {@code {account}} (the
 *     credential's first account id)
 * @param expectAccount when true, the response must still list the credential's account (the
 *     account-discovery endpoint's shape)
 */
public record HealthCheck(
        String name, String endpoint, String method, Map<String, String> headers, Boolean expectAccount) {
    public HealthCheck {
        method = method == null ? "GET" : method;
        headers = Map.copyOf(headers == null ? Map.of() : headers);
        expectAccount = expectAccount != null && expectAccount;
    }

    public boolean checksAccount() {
        return expectAccount;
    }
}
