package dev.authpipe.sandbox;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * How to start a {@link HarvestSandbox}. Start from {@link #defaults()} and change what matters.
 *
 * @param port TCP port on 127.0.0.1; 0 picks a free one ({@link HarvestSandbox#baseUrl()} tells which)
 * @param clock the only source of time: code lifetime, token expiry, request timestamps
 * @param expiresInSeconds the token response's {@code expires_in} (harvest.md §1.8: 1209600, seen as 1209599)
 * @param defaultConsent consent applied to every authorization; {@code null} shows the consent page
 * @param clients the registered OAuth clients
 * @param directory people and accounts; the sandbox uses (and mutates) this very instance
 */
public record SandboxOptions(
        int port,
        Clock clock,
        long expiresInSeconds,
        Consent defaultConsent,
        List<OAuthClient> clients,
        Directory directory) {

    /** Harvest's documented access-token lifetime, 14 days (harvest.md §1.6, §1.8). */
    public static final long HARVEST_EXPIRES_IN = 1_209_600;

    public SandboxOptions {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Objects.requireNonNull(clock, "clock");
        if (expiresInSeconds <= 0) {
            throw new IllegalArgumentException("expiresInSeconds must be positive");
        }
        clients = List.copyOf(clients);
        Objects.requireNonNull(directory, "directory");
    }

    /** An ephemeral port, the system clock, 14-day tokens, the consent page, the sandbox client, default people. */
    public static SandboxOptions defaults() {
        return new SandboxOptions(
                0, Clock.systemUTC(), HARVEST_EXPIRES_IN, null, List.of(OAuthClient.SANDBOX), Directory.defaults());
    }

    public SandboxOptions withPort(int newPort) {
        return new SandboxOptions(newPort, clock, expiresInSeconds, defaultConsent, clients, directory);
    }

    public SandboxOptions withClock(Clock newClock) {
        return new SandboxOptions(port, newClock, expiresInSeconds, defaultConsent, clients, directory);
    }

    public SandboxOptions withExpiresIn(long seconds) {
        return new SandboxOptions(port, clock, seconds, defaultConsent, clients, directory);
    }

    /** Consent without a page for every authorization (tests, scripted demos); {@code null} for the page. */
    public SandboxOptions withDefaultConsent(Consent consent) {
        return new SandboxOptions(port, clock, expiresInSeconds, consent, clients, directory);
    }

    public SandboxOptions withClients(List<OAuthClient> newClients) {
        return new SandboxOptions(port, clock, expiresInSeconds, defaultConsent, newClients, directory);
    }

    public SandboxOptions withDirectory(Directory newDirectory) {
        return new SandboxOptions(port, clock, expiresInSeconds, defaultConsent, clients, newDirectory);
    }
}
