package dev.authpipe.sdk;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The client of an Authpipe server: {@link #getCredential(CredentialRequest)} returns a valid provider token.
 *
 * <pre>{@code
 * Authpipe authpipe = Authpipe.builder().baseUrl("http://localhost:7420").secretKey(secretKey).build();
 * Credential bot = authpipe.getCredential(CredentialRequest.installation("harvest", "org_acme"));
 * }</pre>
 *
 * <p>Thread-safe; build one per server and secret key and share it. A credential is served from a local cache while
 * it stays valid for longer than the {@linkplain Builder#safetyMargin(Duration) safety margin}, and refreshed in the
 * background shortly before that; concurrent callers for the same credential share one request.
 */
public final class Authpipe implements AutoCloseable {
    private final URI baseUrl;
    private final Duration safetyMargin;
    private final CredentialCache cache;

    private Authpipe(URI baseUrl, Duration safetyMargin, CredentialCache cache) {
        this.baseUrl = baseUrl;
        this.safetyMargin = safetyMargin;
        this.cache = cache;
    }

    /** Starts configuring a client; {@link Builder#baseUrl(String)} and {@link Builder#secretKey} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a token for {@code request} that stays valid for longer than the safety margin (unless the server
     * handed out one that does not). Blocks only when no such token is cached, for at most the request timeout.
     *
     * @throws NotInstalled if the tenant has no installation of the provider
     * @throws NotAuthorized if the user has not authorized the provider
     * @throws ReconnectRequired if the credential was revoked and must be connected again
     * @throws ProviderUnavailable if a needed refresh could not reach the provider
     * @throws Unauthorized if the server refused the secret key
     * @throws AuthpipeException for any other failure, e.g. code {@code network_error}
     * @throws IllegalStateException if this client was closed
     */
    public Credential getCredential(CredentialRequest request) {
        Objects.requireNonNull(request, "request must not be null");
        if (cache.isClosed()) {
            throw new IllegalStateException("This Authpipe client is closed");
        }
        return cache.get(request);
    }

    /**
     * Drops the cached credential for {@code request}, so that the next {@link #getCredential} asks the server, e.g.
     * after the provider rejected the token. A fetch already under way is not cancelled.
     */
    public void invalidate(CredentialRequest request) {
        Objects.requireNonNull(request, "request must not be null");
        cache.invalidate(request);
    }

    /**
     * Drops every cached token, so they do not linger in memory; later calls to {@link #getCredential} fail. Safe to
     * call more than once. A {@linkplain Builder#httpClient(HttpClient) supplied HttpClient} is left open.
     */
    @Override
    public void close() {
        cache.close();
    }

    /** Describes the client; never shows the secret key. */
    @Override
    public String toString() {
        return "Authpipe{baseUrl=" + baseUrl + ", secretKey=***, safetyMargin=" + safetyMargin + ", cachedCredentials="
                + cache.size() + (cache.isClosed() ? ", closed" : "") + "}";
    }

    /** Configures an {@link Authpipe} client. Each setter validates its argument at once. */
    public static final class Builder {
        private static final Duration MAX_SAFETY_MARGIN = Duration.ofDays(1);
        private static final Duration MAX_REQUEST_TIMEOUT = Duration.ofDays(1);

        private URI baseUrl;
        private String secretKey;
        private Duration safetyMargin = Duration.ofMinutes(5);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private HttpClient httpClient;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** The server's URL, e.g. {@code http://localhost:7420}; required. A path prefix is kept. */
        public Builder baseUrl(String baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl must not be null");
            try {
                return baseUrl(new URI(baseUrl.trim()));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("baseUrl is not a valid URL: " + e.getMessage(), e);
            }
        }

        /** The server's URL, e.g. {@code http://localhost:7420}; required. A path prefix is kept. */
        public Builder baseUrl(URI baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl must not be null");
            String scheme = baseUrl.getScheme();
            if (!baseUrl.isAbsolute()
                    || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                    || baseUrl.getHost() == null) {
                throw new IllegalArgumentException(
                        "baseUrl must be an absolute http or https URL such as http://localhost:7420, got " + baseUrl);
            }
            // Rejected so that the URL is safe to show in messages and toString(); credentials go in secretKey.
            if (baseUrl.getRawUserInfo() != null) {
                throw new IllegalArgumentException("baseUrl must not contain user info");
            }
            if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
                throw new IllegalArgumentException("baseUrl must not have a query or fragment, got " + baseUrl);
            }
            String url = baseUrl.toString();
            int end = url.length();
            while (end > 0 && url.charAt(end - 1) == '/') {
                end--;
            }
            this.baseUrl = URI.create(url.substring(0, end));
            return this;
        }

        /** The project's secret key ({@code sk_...}), sent as a bearer token; required. */
        public Builder secretKey(String secretKey) {
            Objects.requireNonNull(secretKey, "secretKey must not be null");
            if (secretKey.isEmpty()) {
                throw new IllegalArgumentException("secretKey must not be empty");
            }
            for (int i = 0; i < secretKey.length(); i++) {
                char c = secretKey.charAt(i);
                if (c <= 0x20 || c >= 0x7f) {
                    // Names the position only: the key must not reach a log, even a malformed one.
                    throw new IllegalArgumentException("secretKey contains a space, control or non-ASCII character at"
                            + " index " + i + "; copy the key exactly as Authpipe showed it");
                }
            }
            this.secretKey = secretKey;
            return this;
        }

        /**
         * How long before expiry a cached token stops being served; default 5 minutes, at most 1 day. Tokens without
         * expiry are cached this long. The server is asked for tokens valid for twice this margin.
         */
        public Builder safetyMargin(Duration safetyMargin) {
            requirePositive(safetyMargin, "safetyMargin");
            if (safetyMargin.compareTo(MAX_SAFETY_MARGIN) > 0) {
                throw new IllegalArgumentException("safetyMargin must be at most " + MAX_SAFETY_MARGIN);
            }
            this.safetyMargin = safetyMargin;
            return this;
        }

        /**
         * The longest a call to the server may take, from connecting to the last byte; default 10 seconds, at most 1
         * day. Also the connect timeout of the default HTTP client.
         */
        public Builder requestTimeout(Duration requestTimeout) {
            requirePositive(requestTimeout, "requestTimeout");
            if (requestTimeout.compareTo(MAX_REQUEST_TIMEOUT) > 0) {
                throw new IllegalArgumentException("requestTimeout must be at most " + MAX_REQUEST_TIMEOUT);
            }
            this.requestTimeout = requestTimeout;
            return this;
        }

        /**
         * The HTTP client to use, e.g. one with a proxy or custom TLS. By default the SDK builds its own, speaking
         * HTTP/1.1 and never following redirects. A supplied client is not closed by {@link Authpipe#close()}.
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient must not be null");
            return this;
        }

        /** The clock that decides whether a cached token is fresh; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * Builds the client.
         *
         * @throws IllegalStateException if the base URL or the secret key was not set
         */
        public Authpipe build() {
            if (baseUrl == null) {
                throw new IllegalStateException("baseUrl is required, e.g. http://localhost:7420");
            }
            if (secretKey == null) {
                throw new IllegalStateException("secretKey is required");
            }
            HttpClient client = httpClient != null ? httpClient : defaultHttpClient(requestTimeout);
            long marginMillis = safetyMargin.toMillis();
            long minValiditySeconds = 2 * ((marginMillis + 999) / 1000);
            CredentialsEndpoint endpoint =
                    new CredentialsEndpoint(client, baseUrl, secretKey, requestTimeout, minValiditySeconds);
            return new Authpipe(baseUrl, safetyMargin, new CredentialCache(endpoint::fetch, clock, marginMillis));
        }

        // HTTP/1.1 because the JDK's default, HTTP/2, upgrades cleartext connections with an "Upgrade: h2c" request
        // that some proxies refuse; a broker on a private network gains nothing from HTTP/2 here.
        private static HttpClient defaultHttpClient(Duration connectTimeout) {
            return HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(connectTimeout)
                    .build();
        }

        private static Duration requirePositive(Duration duration, String name) {
            Objects.requireNonNull(duration, name + " must not be null");
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + duration);
            }
            return duration;
        }
    }
}
