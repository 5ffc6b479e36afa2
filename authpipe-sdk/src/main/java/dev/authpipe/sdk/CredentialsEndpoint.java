package dev.authpipe.sdk;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one REST call the SDK makes: {@code GET /v1/credentials}.
 *
 * <p>Every fetch completes within the request timeout, response body included, with a {@link Credential} or an
 * {@link AuthpipeException}; nothing else escapes. Each fetch asks the server for a token valid for at least {@code
 * minValiditySeconds}, twice the safety margin, so that what comes back can be cached for a while.
 */
final class CredentialsEndpoint {
    /** Sent as {@code User-Agent: authpipe-java/<version>}; raise it with each release. */
    static final String SDK_VERSION = "0.1.0";

    static final String USER_AGENT = "authpipe-java/" + SDK_VERSION;

    private final HttpClient httpClient;
    private final String credentialsUrl;
    private final String secretKey;
    private final String authorization;
    private final Duration timeout;
    private final long minValiditySeconds;

    CredentialsEndpoint(
            HttpClient httpClient, URI baseUrl, String secretKey, Duration timeout, long minValiditySeconds) {
        this.httpClient = httpClient;
        this.credentialsUrl = baseUrl + "/v1/credentials";
        this.secretKey = secretKey;
        this.authorization = "Bearer " + secretKey;
        this.timeout = timeout;
        this.minValiditySeconds = minValiditySeconds;
    }

    CompletableFuture<Credential> fetch(CredentialRequest request) {
        HttpRequest httpRequest = HttpRequest.newBuilder(uriFor(request))
                .GET()
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT)
                .build();
        CompletableFuture<HttpResponse<String>> exchange =
                httpClient.sendAsync(httpRequest, HttpResponse.BodyHandlers.ofString());
        // The request timeout covers only the wait for response headers; this deadline also bounds the body.
        CompletableFuture<Credential> result = exchange.thenApply(this::toCredential)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((credential, failure) -> {
                    if (failure == null) {
                        return credential;
                    }
                    exchange.cancel(true);
                    throw translate(failure);
                });
        return result;
    }

    URI uriFor(CredentialRequest request) {
        StringBuilder url = new StringBuilder(credentialsUrl)
                .append("?provider=")
                .append(encode(request.provider()))
                .append("&tenantId=")
                .append(encode(request.tenantId()))
                .append("&credentialFor=")
                .append(request.credentialFor());
        if (request.userId() != null) {
            url.append("&userId=").append(encode(request.userId()));
        }
        url.append("&minValiditySeconds=").append(minValiditySeconds);
        return URI.create(url.toString());
    }

    private Credential toCredential(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return CredentialJson.read(response.body(), status);
        }
        if (status >= 400) {
            throw ServerErrors.toException(status, response.body(), secretKey);
        }
        throw new AuthpipeException(
                AuthpipeException.UNEXPECTED_RESPONSE,
                "Authpipe answered HTTP " + status + "; redirects are not followed",
                status);
    }

    private RuntimeException translate(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof AuthpipeException authpipeException) {
            return authpipeException;
        }
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            return networkError("no answer within " + timeout.toMillis() + " ms", cause);
        }
        if (cause instanceof IOException) {
            String detail = cause.getMessage() == null
                    ? cause.getClass().getSimpleName()
                    : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            return networkError(detail, cause);
        }
        return cause instanceof RuntimeException runtimeException ? runtimeException : new CompletionException(cause);
    }

    private AuthpipeException networkError(String detail, Throwable cause) {
        return new AuthpipeException(
                AuthpipeException.NETWORK_ERROR,
                "Could not reach Authpipe at " + credentialsUrl + ": " + detail,
                0,
                cause);
    }

    /** Percent-encodes one query value (RFC 3986), spaces as {@code %20} rather than form encoding's {@code +}. */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
