package dev.authpipe.server;

import dev.authpipe.vault.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The server's configuration, read once from environment variables (PRODUCT.md §2.1) and
 * validated before anything starts. Immutable.
 *
 * @param masterKey the raw {@code AUTHPIPE_MASTER_KEY} value (base64 or {@code file:PATH}), or null
 * @param previousMasterKey the key being rotated away from, still accepted for unwrapping, or null
 * @param adminKey null when the admin API is disabled
 * @param refreshLead null for the provider default
 * @param devMode explicit development mode: may generate and persist an insecure master key
 * @param sandboxPort port of the local Harvest sandbox, or -1 when it is off
 * @param sandboxExpiresIn lifetime in seconds of the sandbox's access tokens
 * @param sweepInterval how often background workers (refreshes, health checks, webhook
 *     deliveries) look for due work
 * @param webhookAllowPrivate whether webhook URLs may point at loopback and private addresses
 * @param connectBrowserBinding whether a connect flow must finish in the browser that opened it
 * @param providerAllowPrivate whether integrations' endpoint overrides may point at loopback and
 *     private addresses
 * @param refreshLease how long a refresh lease lasts without renewal
 */
public record Config(
        int port,
        String baseUrl,
        String databaseUrl,
        Path dataDirectory,
        Secret masterKey,
        Secret previousMasterKey,
        Secret adminKey,
        Duration refreshLead,
        Duration healthInterval,
        boolean devMode,
        int sandboxPort,
        long sandboxExpiresIn,
        Duration sweepInterval,
        Duration refreshLease,
        boolean webhookAllowPrivate,
        boolean connectBrowserBinding,
        boolean providerAllowPrivate) {

    public static final int DEFAULT_PORT = 7420;
    public static final int DEFAULT_SANDBOX_PORT = 7421;

    /** Reads the configuration from {@code env}; the first problem found is thrown. */
    public static Config fromEnvironment(Map<String, String> env, boolean devFlag, boolean sandboxFlag) {
        int port = port(env, "AUTHPIPE_PORT", DEFAULT_PORT);
        String baseUrl = baseUrl(env.get("AUTHPIPE_BASE_URL"), port);
        Path dataDir = Path.of(value(env, "AUTHPIPE_DATA_DIR", "./data"));
        String databaseUrl = value(env, "AUTHPIPE_DATABASE_URL", "jdbc:sqlite:" + dataDir.resolve("authpipe.db"));
        if (!databaseUrl.startsWith("jdbc:sqlite:") && !databaseUrl.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("AUTHPIPE_DATABASE_URL must start with jdbc:sqlite: or jdbc:postgresql:");
        }
        if (databaseUrl.startsWith("jdbc:sqlite:")
                && (databaseUrl.contains(":memory:") || databaseUrl.contains("mode=memory"))) {
            throw new ConfigException(
                    "AUTHPIPE_DATABASE_URL must name a SQLite file; in-memory databases lose every credential");
        }
        boolean dev = devFlag || bool(env, "AUTHPIPE_DEV_MODE");
        boolean sandbox = sandboxFlag || bool(env, "AUTHPIPE_SANDBOX");
        String master = env.get("AUTHPIPE_MASTER_KEY");
        if ((master == null || master.isBlank()) && !dev) {
            throw new ConfigException(
                    "AUTHPIPE_MASTER_KEY is required: set it to the output of `openssl rand -base64 32`"
                            + " (or file:PATH), or run `serve --dev` for an insecure local key");
        }
        String previous = env.get("AUTHPIPE_PREVIOUS_MASTER_KEY");
        if (previous != null && !previous.isBlank() && (master == null || master.isBlank())) {
            throw new ConfigException("AUTHPIPE_PREVIOUS_MASTER_KEY is set but AUTHPIPE_MASTER_KEY is not;"
                    + " rotation needs the new key as AUTHPIPE_MASTER_KEY");
        }
        boolean providerAllowPrivate = flag(env, "AUTHPIPE_PROVIDER_ALLOW_PRIVATE", true);
        if (sandbox && !providerAllowPrivate) {
            throw new ConfigException("AUTHPIPE_PROVIDER_ALLOW_PRIVATE=false cannot be combined with the sandbox,"
                    + " which runs on 127.0.0.1; turn one of them off");
        }
        String admin = env.get("AUTHPIPE_ADMIN_KEY");
        if (admin != null && !admin.isBlank() && admin.strip().length() < 16) {
            throw new ConfigException("AUTHPIPE_ADMIN_KEY must be at least 16 characters");
        }
        return new Config(
                port,
                baseUrl,
                databaseUrl,
                dataDir,
                master == null || master.isBlank() ? null : Secret.of(master.strip()),
                previous == null || previous.isBlank() ? null : Secret.of(previous.strip()),
                admin == null || admin.isBlank() ? null : Secret.of(admin.strip()),
                duration(env, "AUTHPIPE_REFRESH_LEAD", null),
                duration(env, "AUTHPIPE_HEALTH_INTERVAL", Duration.ofHours(6)),
                dev,
                sandbox ? port(env, "AUTHPIPE_SANDBOX_PORT", DEFAULT_SANDBOX_PORT) : -1,
                positiveLong(env, "AUTHPIPE_SANDBOX_EXPIRES_IN", 1_209_600),
                duration(env, "AUTHPIPE_SWEEP_INTERVAL", Duration.ofSeconds(1)),
                duration(env, "AUTHPIPE_REFRESH_LEASE", Duration.ofSeconds(30)),
                flag(env, "AUTHPIPE_WEBHOOK_ALLOW_PRIVATE", true),
                flag(env, "AUTHPIPE_CONNECT_BROWSER_BINDING", false),
                providerAllowPrivate);
    }

    public boolean sandboxEnabled() {
        return sandboxPort >= 0;
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : v.strip();
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(v.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(name + " must be a port number between 0 and 65535");
    }

    private static long positiveLong(Map<String, String> env, String name, long fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(name + " must be a positive number of seconds");
    }

    private static boolean flag(Map<String, String> env, String name, boolean fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : bool(env, name);
    }

    private static boolean bool(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return false;
        }
        return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new ConfigException(name + " must be true or false");
        };
    }

    private static Duration duration(Map<String, String> env, String name, Duration fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            Duration d = Duration.parse(v.strip());
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw new ConfigException(name + " must be a positive ISO-8601 duration such as PT10M");
    }

    private static String baseUrl(String configured, int port) {
        if (configured == null || configured.isBlank()) {
            return "http://localhost:" + port;
        }
        String v = configured.strip();
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        try {
            URI uri = new URI(v);
            if (uri.isAbsolute()
                    && uri.getHost() != null
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null) {
                return v;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ConfigException(
                "AUTHPIPE_BASE_URL must be an absolute http(s) URL without query, e.g. https://authpipe.example.com");
    }

    @Override
    public String toString() {
        return "Config[port=" + port + ", baseUrl=" + baseUrl + ", database=" + Redaction.jdbcUrl(databaseUrl)
                + ", devMode=" + devMode + ", adminKeySet=" + (adminKey != null) + ", sandbox=" + sandboxEnabled()
                + "]";
    }
}
