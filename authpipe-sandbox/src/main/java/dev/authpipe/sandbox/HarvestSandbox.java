package dev.authpipe.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running Harvest sandbox: Harvest ID and the Harvest API on one loopback base URL, with the knobs
 * tests turn and the log of what it received. See the package documentation for the model.
 *
 * <pre>{@code
 * try (HarvestSandbox harvest = HarvestSandbox.start(SandboxOptions.defaults().withClock(clock))) {
 *     harvest.autoConsent(5001, 100001);
 *     // point the broker at harvest.baseUrl() ...
 * }
 * }</pre>
 */
public final class HarvestSandbox implements AutoCloseable {
    /** Enough to serve hundreds of token requests per second; handlers never wait on one another. */
    static final int THREADS = 8;

    private final HttpServer server;
    private final ExecutorService pool;
    private final Directory directory;
    private final Clients clients;
    private final Knobs knobs;
    private final Grants grants;
    private final Faults faults = new Faults();
    private final Gate tokenGate = new Gate();
    private final RequestLog log = new RequestLog();
    private final Router router;

    private HarvestSandbox(SandboxOptions options) throws IOException {
        directory = options.directory();
        clients = new Clients(options.clients());
        knobs = new Knobs(options.expiresInSeconds(), options.defaultConsent());
        grants = new Grants(options.clock(), knobs);
        ApiAccess access = new ApiAccess(grants, directory);
        AuthorizeEndpoint authorize = new AuthorizeEndpoint(clients, directory, grants, knobs);
        TokenEndpoint token = new TokenEndpoint(clients, grants, tokenGate);
        AccountsEndpoint accounts = new AccountsEndpoint(access, directory);
        HarvestApi api = new HarvestApi(access, directory);
        // The route table: Harvest ID paths first, then the API host's (harvest.md §1.3).
        router = new Router(
                Map.of(
                        "GET /oauth2/authorize",
                        authorize::show,
                        "POST /oauth2/authorize",
                        authorize::decide,
                        "POST /api/v2/oauth2/token",
                        token,
                        "POST /api/v1/oauth2/token",
                        token,
                        "GET /api/v2/accounts",
                        accounts,
                        "GET /api/v1/accounts",
                        accounts,
                        "GET /v2/users/me",
                        api::usersMe,
                        "GET /v2/company",
                        api::company),
                options.clock(),
                log,
                faults);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 256);
        pool = Executors.newFixedThreadPool(THREADS, daemonThreads());
        server.setExecutor(pool);
        server.createContext("/", router);
    }

    /** Binds 127.0.0.1 on the options' port and starts serving. */
    public static HarvestSandbox start(SandboxOptions options) {
        // The JDK server writes headers and body separately; with Nagle's algorithm on, the body
        // waits for the client's delayed ACK (40 ms on Linux) on every response. Read once, at the
        // first server's creation in this JVM.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        try {
            HarvestSandbox sandbox = new HarvestSandbox(options);
            sandbox.server.start();
            return sandbox;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Harvest sandbox on port " + options.port(), e);
        }
    }

    /** Starts with {@link SandboxOptions#defaults()}. */
    public static HarvestSandbox start() {
        return start(SandboxOptions.defaults());
    }

    /** {@code http://127.0.0.1:PORT}, standing in for both {@code https://id.getharvest.com} and {@code https://api.harvestapp.com}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The live directory: changes take effect on the next request. */
    public Directory directory() {
        return directory;
    }

    public void registerClient(String clientId, String clientSecret, String redirectUrlPrefix) {
        registerClient(OAuthClient.of(clientId, clientSecret, redirectUrlPrefix));
    }

    public void registerClient(OAuthClient client) {
        clients.register(client);
    }

    // ---- consent knobs (harvest.md §1.15.1)

    /** The next authorization consents at once as this person for these accounts (none listed: all they may grant). */
    public void autoConsent(long personId, long... accountIds) {
        knobs.consentNext(Consent.of(personId, accountIds));
    }

    /** The next authorization redirects with {@code error=access_denied} (RFC 6749 §4.1.2.1). */
    public void denyNext() {
        knobs.denyNext();
    }

    /** Answer the callback's {@code scope} as {@code harvest:all} instead of listing accounts (§1.5). */
    public void answerScopeAsHarvestAll(boolean all) {
        knobs.scopeAsHarvestAll(all);
    }

    // ---- token knobs (harvest.md §1.8, §1.15.2–3)

    /** The {@code expires_in} of tokens issued from now on, in seconds. */
    public void expiresIn(long seconds) {
        knobs.expiresInSeconds(seconds);
    }

    /** Off (default): refresh returns the same, still valid refresh token. On: a new one; the old one is dead. */
    public void rotateRefreshTokens(boolean rotate) {
        knobs.rotateRefreshTokens(rotate);
    }

    /** Lifetime of refresh tokens issued from now on; {@code null} (default): they never expire. */
    public void refreshTokenLifetime(Duration lifetime) {
        knobs.refreshTokenLifetime(lifetime);
    }

    /** Refresh responses leave out {@code refresh_token}; the one the client holds stays valid. */
    public void omitRefreshTokenInRefreshResponse(boolean omit) {
        knobs.omitRefreshTokenOnRefresh(omit);
    }

    // ---- out-of-band changes (harvest.md §1.11, §1.15.7)

    /** The person revokes the app: their tokens get API 401, their refresh tokens {@code invalid_grant}. */
    public void revokeGrantsOf(long personId) {
        grants.revokePerson(personId);
    }

    /** The person leaves the account: API calls for it get 403 and it leaves {@code /api/v2/accounts}. */
    public void removeFromAccount(long personId, long accountId) {
        directory.removeMembership(personId, accountId);
    }

    // ---- faults (harvest.md §1.13, §1.14)

    /** The next {@code times} requests whose path starts with the prefix get this status instead of an answer. */
    public void failNext(String pathPrefix, int status, int times) {
        faults.add(pathPrefix, Reply.message(status, "Harvest sandbox: injected failure " + status + "."), times);
    }

    /** The next {@code times} requests under the prefix get {@code 429} with {@code Retry-After}. */
    public void rateLimitNext(String pathPrefix, int times, long retryAfterSeconds) {
        Reply reply =
                Reply.message(429, "Too Many Requests").withHeader("Retry-After", Long.toString(retryAfterSeconds));
        faults.add(pathPrefix, reply, times);
    }

    /** Drops pending {@link #failNext} and {@link #rateLimitNext} faults. */
    /**
     * Holds every successful token response from now on, after the grant or refresh has taken
     * effect, until {@link #releaseTokenResponses()}: a provider slower than any lock or lease, or a
     * response a dying client never receives.
     */
    public void holdTokenResponses() {
        tokenGate.close();
    }

    public void releaseTokenResponses() {
        tokenGate.open();
    }

    /** How many token responses are being held right now. */
    public int heldTokenResponses() {
        return tokenGate.waiting();
    }

    public void clearFaults() {
        faults.clear();
    }

    // ---- observations

    /** {@code POST}s to either token path, whatever their outcome, including faulted ones. */
    public long tokenRequestCount() {
        return router.tokenRequestCount();
    }

    /** Token requests with {@code grant_type=refresh_token}, whatever their outcome. */
    public long refreshCount() {
        return router.refreshCount();
    }

    /** Code exchanges that skipped PKCE verification: a challenge was sent, no verifier (§1.11). */
    public long unverifiedPkceExchanges() {
        return grants.unverifiedPkceExchanges();
    }

    /** Every request received (the most recent {@value RequestLog#CAPACITY}), oldest first. */
    public List<RecordedRequest> requests() {
        return log.all();
    }

    public List<RecordedRequest> requests(String pathPrefix) {
        return log.under(pathPrefix);
    }

    public void clearRequests() {
        log.clear();
    }

    /** Stops at once; requests in flight are cut off. */
    @Override
    public void close() {
        tokenGate.open();
        server.stop(0);
        pool.shutdownNow();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "harvest-sandbox-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
