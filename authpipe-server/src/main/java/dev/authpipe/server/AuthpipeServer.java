package dev.authpipe.server;

import dev.authpipe.broker.CredentialBroker;
import dev.authpipe.broker.UpstreamRevocation;
import dev.authpipe.connect.CallbackCompletion;
import dev.authpipe.connect.ConnectFlow;
import dev.authpipe.credential.AccountLookup;
import dev.authpipe.credential.BrokerException;
import dev.authpipe.credential.Integrations;
import dev.authpipe.credential.Projects;
import dev.authpipe.egress.EgressPolicy;
import dev.authpipe.events.Events;
import dev.authpipe.events.WebhookDispatcher;
import dev.authpipe.events.Webhooks;
import dev.authpipe.health.HealthChecker;
import dev.authpipe.health.HealthPolicy;
import dev.authpipe.health.HealthProbe;
import dev.authpipe.oauth.ProviderHttp;
import dev.authpipe.oauth.TokenEndpoint;
import dev.authpipe.oauth.TokenRevocation;
import dev.authpipe.provider.ProviderCatalog;
import dev.authpipe.refresh.LeaseKeeper;
import dev.authpipe.refresh.RefreshSchedule;
import dev.authpipe.refresh.RefreshSettings;
import dev.authpipe.refresh.Refresher;
import dev.authpipe.sandbox.HarvestSandbox;
import dev.authpipe.sandbox.OAuthClient;
import dev.authpipe.sandbox.SandboxOptions;
import dev.authpipe.server.api.AdminApi;
import dev.authpipe.server.api.ApiError;
import dev.authpipe.server.api.Auth;
import dev.authpipe.server.api.ConnectSessionsApi;
import dev.authpipe.server.api.CredentialsApi;
import dev.authpipe.server.api.ErrorResponses;
import dev.authpipe.server.api.EventsApi;
import dev.authpipe.server.api.InstallationsApi;
import dev.authpipe.server.api.IntegrationsApi;
import dev.authpipe.server.api.Json;
import dev.authpipe.server.api.OperationsApi;
import dev.authpipe.server.api.ProvidersApi;
import dev.authpipe.server.api.WebhookApi;
import dev.authpipe.server.connect.ConnectPages;
import dev.authpipe.store.Database;
import dev.authpipe.store.Stores;
import dev.authpipe.vault.Randomness;
import dev.authpipe.vault.Secret;
import dev.authpipe.vault.Vault;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every object by hand, in dependency order, and owns their
 * lifecycle. Nothing else constructs services; nothing is found by scanning.
 */
public final class AuthpipeServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuthpipeServer.class);
    /** How long a stopping server waits for refreshes and requests under way. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Database database;
    private final Javalin app;
    private final HarvestSandbox sandbox;
    private final Background background;
    private final String baseUrl;

    private AuthpipeServer(
            Database database, Javalin app, HarvestSandbox sandbox, Background background, String baseUrl) {
        this.database = database;
        this.app = app;
        this.sandbox = sandbox;
        this.background = background;
        this.baseUrl = baseUrl;
    }

    public static AuthpipeServer start(Config config) {
        return start(config, Clock.tickMillis(java.time.ZoneOffset.UTC), ProviderHttp.withDefaults());
    }

    /** Starts with an injected clock and provider HTTP client (tests). */
    public static AuthpipeServer start(Config config, Clock clock, ProviderHttp anyProviderHttp) {
        EgressPolicy providerEgress = EgressPolicy.allowingPrivate(config.providerAllowPrivate());
        ProviderHttp providerHttp = anyProviderHttp.withEgress(providerEgress);
        long started = System.nanoTime();
        LOG.debug(
                "start-up: JVM up for {} ms",
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        // Independent start-up work runs beside the database migration: on two cores this is most
        // of the difference between a two-second and a one-second start.
        CompletableFuture<ProviderCatalog> catalogLoad = CompletableFuture.supplyAsync(ProviderCatalog::load);
        CompletableFuture<Void> warmUp = CompletableFuture.runAsync(AuthpipeServer::loadServerClasses);
        int port = config.port() == 0 ? freePort() : config.port();
        String baseUrl = config.port() == 0 && config.baseUrl().endsWith(":0")
                ? config.baseUrl().substring(0, config.baseUrl().length() - 2) + ":" + port
                : config.baseUrl();
        String node = "node_" + Randomness.token(9);
        SecureRandom random = new SecureRandom();

        Database database = Database.open(config.databaseUrl());
        LOG.debug("start-up: database open and migrated after {} ms", (System.nanoTime() - started) / 1_000_000);
        ProviderCatalog catalog = join(catalogLoad, database);
        join(warmUp, database);
        try {
            Stores stores = Stores.on(database, clock);
            Vault vault = new Vault(MasterKeys.resolve(config), stores.keyrings());
            vault.verifyKek();
            LOG.debug("start-up: master key verified after {} ms", (System.nanoTime() - started) / 1_000_000);
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

            TokenEndpoint tokens = new TokenEndpoint(providerHttp);
            Integrations integrations = new Integrations(catalog, stores.integrations(), vault, clock, providerEgress);
            Webhooks webhooks = new Webhooks(
                    stores.webhooks(), vault, clock, EgressPolicy.allowingPrivate(config.webhookAllowPrivate()));
            Events events = new Events(stores.events(), stores.webhooks(), database, clock);

            RefreshSchedule schedule = new RefreshSchedule(
                    RefreshSettings.defaults().withLead(config.refreshLead()).withLeaseTtl(config.refreshLease()),
                    provider -> catalog.find(provider)
                            .map(p -> p.refresh().defaultLead())
                            .orElse(null),
                    random);
            Refresher refresher = new Refresher(
                    stores.credentials(),
                    integrations,
                    vault,
                    tokens,
                    events,
                    database,
                    clock,
                    schedule,
                    new LeaseKeeper(stores.credentials(), clock, config.refreshLease(), node),
                    new RefreshMetrics(registry, stores.credentials(), clock));
            HealthChecker health = new HealthChecker(
                    stores.credentials(),
                    stores.health(),
                    integrations,
                    vault,
                    refresher,
                    new HealthProbe(providerHttp),
                    new HealthPolicy(config.healthInterval(), random),
                    events,
                    database,
                    clock);
            CredentialBroker broker = new CredentialBroker(
                    integrations,
                    stores.credentials(),
                    vault,
                    refresher,
                    health,
                    new UpstreamRevocation(
                            integrations, stores.credentials(), vault, new TokenRevocation(providerHttp)),
                    events,
                    database,
                    clock);
            ConnectFlow flow = new ConnectFlow(
                    integrations, stores.credentials(), stores.connectSessions(), vault, clock, baseUrl);
            CallbackCompletion completion = new CallbackCompletion(
                    integrations,
                    stores.credentials(),
                    stores.connectSessions(),
                    vault,
                    tokens,
                    new AccountLookup(providerHttp),
                    events,
                    database,
                    clock,
                    flow.redirectUri(),
                    schedule,
                    health);
            Projects projects = new Projects(stores.projects(), clock);
            WebhookDispatcher dispatcher = new WebhookDispatcher(
                    stores.webhooks(),
                    webhooks,
                    vault,
                    HttpClient.newBuilder()
                            .connectTimeout(Duration.ofSeconds(5))
                            .build(),
                    clock,
                    node,
                    random);

            Secret adminKey = config.adminKey() == null && config.devMode()
                    ? DevAdminKey.loadOrCreate(config.dataDirectory())
                    : config.adminKey();
            Routes routes = new Routes(
                    new Auth(projects, adminKey),
                    new AdminApi(projects),
                    new ProvidersApi(catalog),
                    new IntegrationsApi(integrations, flow.redirectUri()),
                    new ConnectSessionsApi(flow),
                    new CredentialsApi(broker),
                    new InstallationsApi(broker),
                    new EventsApi(events),
                    new WebhookApi(webhooks),
                    new OperationsApi(database::isReachable, registry),
                    new ConnectPages(flow, completion, config.connectBrowserBinding(), baseUrl.startsWith("https://")));
            LOG.debug("start-up: services built after {} ms", (System.nanoTime() - started) / 1_000_000);
            Javalin app = javalin(routes, registry).start(port);
            LOG.debug("start-up: HTTP server started after {} ms", (System.nanoTime() - started) / 1_000_000);
            Background background = new Background(refresher, health, dispatcher, stores, clock, node);
            background.start(config.sweepInterval());

            HarvestSandbox sandbox = config.sandboxEnabled() ? startSandbox(config, flow.redirectUri()) : null;
            LOG.info(
                    "Authpipe listening on {} ({}) in {} ms; redirect URI {}",
                    baseUrl,
                    config,
                    Duration.ofNanos(System.nanoTime() - started).toMillis(),
                    flow.redirectUri());
            return new AuthpipeServer(database, app, sandbox, background, baseUrl);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Loads the HTTP server's and the vault's classes ahead of use (start-up parallelism only). */
    private static void loadServerClasses() {
        Vault.registerTinkPrimitives();
        Javalin.create(cfg -> cfg.startup.showJavalinBanner = false);
        new org.eclipse.jetty.server.Server();
    }

    private static <T> T join(CompletableFuture<T> work, Database database) {
        try {
            return work.join();
        } catch (java.util.concurrent.CompletionException e) {
            database.close();
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static Javalin javalin(Routes routes, PrometheusMeterRegistry registry) {
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            cfg.http.prefer405over404 = true;
            cfg.http.maxRequestSize = 1024 * 1024;
            // Requests under way when the server stops are answered (up to the stop timeout);
            // new ones get 503 while it drains.
            cfg.jetty.modifyServer(server -> {
                server.setHandler(new org.eclipse.jetty.server.handler.GracefulHandler());
                server.setStopTimeout(STOP_TIMEOUT.toMillis());
            });
            cfg.routes.exception(ApiError.class, ErrorResponses::apiError);
            cfg.routes.exception(BrokerException.class, ErrorResponses::broker);
            cfg.routes.exception(HttpResponseException.class, ErrorResponses::http);
            cfg.routes.exception(Exception.class, ErrorResponses::unexpected);
            cfg.requestLogger.http((ctx, ms) -> {
                String route = routeOf(ctx);
                Timer.builder("authpipe_http_requests")
                        .tag("method", ctx.method().name())
                        .tag("route", route)
                        .tag("status", Integer.toString(ctx.status().getCode()))
                        .register(registry)
                        .record(Duration.ofNanos((long) (ms * 1_000_000)));
            });
            routes.register(cfg.routes);
        });
    }

    /** The matched route pattern (never the raw path, which may carry a connect token), or "unmatched". */
    private static String routeOf(io.javalin.http.Context ctx) {
        try {
            return ctx.endpoint().path;
        } catch (RuntimeException noMatchedEndpoint) {
            return "unmatched";
        }
    }

    /** The sandbox's own client accepts this broker's redirect URI, whatever its base URL. */
    private static HarvestSandbox startSandbox(Config config, String redirectUri) {
        OAuthClient client =
                OAuthClient.of(OAuthClient.SANDBOX_CLIENT_ID, OAuthClient.SANDBOX_CLIENT_SECRET, redirectUri);
        HarvestSandbox sandbox = HarvestSandbox.start(SandboxOptions.defaults()
                .withPort(config.sandboxPort())
                .withExpiresIn(config.sandboxExpiresIn())
                .withClients(List.of(client)));
        LOG.warn(
                "SANDBOX: a fake, Harvest-shaped provider is running at {} (client id authpipe-sandbox);"
                        + " see README 'Try it without a Harvest account'",
                sandbox.baseUrl());
        return sandbox;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    public int port() {
        return app.port();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** One pass of the refresh scheduler, now (tests drive it after moving their clock). */
    public int runDueRefreshes() {
        return background.refreshes.runOnce();
    }

    /** One pass of the health checker, now. */
    public int runDueHealthChecks() {
        return background.healthChecks.runOnce();
    }

    /** One pass of the webhook dispatcher, now. */
    public int runDueDeliveries() {
        return background.deliveries.runOnce();
    }

    /**
     * Stops in the order that loses nothing: no new refreshes start, those under way are answered
     * and committed, then the HTTP server answers the requests under way and stops, background
     * work stops, and the database closes last.
     */
    @Override
    public void close() {
        background.drain(STOP_TIMEOUT);
        app.stop();
        background.close();
        if (sandbox != null) {
            sandbox.close();
        }
        database.close();
    }
}
