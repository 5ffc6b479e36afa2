package dev.authpipe.oauth;

import dev.authpipe.egress.EgressPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * Outbound HTTP to providers: one JDK client, bounded timeouts, no redirects followed (a token
 * endpoint that redirects is misconfigured, and following would resend credentials elsewhere).
 * Transport failures, 429 and 5xx become {@link ProviderUnavailableException}, and so does a host
 * the server's {@link EgressPolicy} forbids.
 */
public final class ProviderHttp {
    private final HttpClient client;
    private final Duration timeout;
    private final EgressPolicy egress;

    public ProviderHttp(HttpClient client, Duration timeout) {
        this(client, timeout, EgressPolicy.ANY);
    }

    private ProviderHttp(HttpClient client, Duration timeout, EgressPolicy egress) {
        this.client = client;
        this.timeout = timeout;
        this.egress = egress;
    }

    /** The same client, sending only where {@code policy} allows. */
    public ProviderHttp withEgress(EgressPolicy policy) {
        return new ProviderHttp(client, timeout, policy);
    }

    public static ProviderHttp withDefaults() {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        return new ProviderHttp(client, Duration.ofSeconds(15));
    }

    /** A provider's answer: status, body and headers. */
    public record Response(int status, String body, HttpHeaders headers) {
        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        public Optional<String> contentType() {
            return headers.firstValue("Content-Type");
        }
    }

    public Response get(String url, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).GET();
        headers.forEach(builder::header);
        return send(builder);
    }

    public Response post(String url, Map<String, String> headers, String body) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(builder::header);
        return send(builder);
    }

    /**
     * Sends the request. 429 and 5xx answers throw; every other status is returned for the caller
     * to interpret.
     */
    public Response send(HttpRequest.Builder builder) {
        HttpRequest request = builder.timeout(timeout).build();
        Optional<String> refusal = egress.refusal(request.uri().getHost());
        if (refusal.isPresent()) {
            throw new ProviderUnavailableException("the provider's host " + refusal.get(), 0, null, null);
        }
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new ProviderUnavailableException("the provider did not answer in time", 0, null, e);
        } catch (IOException e) {
            throw new ProviderUnavailableException("the provider could not be reached", 0, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException("interrupted while calling the provider", 0, null, e);
        }
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            Duration retryAfter = retryAfter(response.headers()).orElse(null);
            throw new ProviderUnavailableException(
                    status == 429
                            ? "the provider is rate limiting requests"
                            : "the provider failed with HTTP " + status,
                    status,
                    retryAfter,
                    null);
        }
        return new Response(status, response.body(), response.headers());
    }

    /** RFC 9110 §10.2.3: delay-seconds or an HTTP-date. */
    static Optional<Duration> retryAfter(HttpHeaders headers) {
        return headers.firstValue("Retry-After").flatMap(value -> {
            String v = value.strip();
            try {
                long seconds = Long.parseLong(v);
                return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration until = Duration.between(ZonedDateTime.now(at.getZone()), at);
                    return Optional.of(until.isNegative() ? Duration.ZERO : until);
                } catch (DateTimeParseException notDate) {
                    return Optional.empty();
                }
            }
        });
    }
}
