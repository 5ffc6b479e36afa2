package dev.authpipe.server;

import dev.authpipe.vault.LocalKek;
import dev.authpipe.vault.VaultException;
import dev.authpipe.vault.WrongMasterKeyException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line: {@code authpipe serve}, {@code authpipe keys generate}. */
@Command(
        name = "authpipe",
        mixinStandardHelpOptions = true,
        version = "authpipe 0.1.0",
        description = "Self-hosted credential broker.",
        subcommands = {Main.Serve.class, Main.Keys.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** Starts the broker, configured by environment variables (docs/configuration.md). */
    @Command(name = "serve", description = "Start the broker (configured by AUTHPIPE_* environment variables).")
    static final class Serve implements Callable<Integer> {
        @Option(
                names = "--dev",
                description = "Development mode: without AUTHPIPE_MASTER_KEY, generate and keep an INSECURE local key.")
        boolean dev;

        @Option(
                names = "--sandbox",
                description =
                        "Also start the local Harvest-shaped sandbox provider (port AUTHPIPE_SANDBOX_PORT, default 7421).")
        boolean sandbox;

        @Override
        public Integer call() throws InterruptedException {
            AuthpipeServer server;
            try {
                server = AuthpipeServer.start(Config.fromEnvironment(System.getenv(), dev, sandbox));
            } catch (ConfigException | WrongMasterKeyException e) {
                System.err.println("authpipe: " + e.getMessage());
                return 2;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                server.close();
                                stopped.countDown();
                            },
                            "authpipe-shutdown"));
            stopped.await();
            return 0;
        }
    }

    /** Key tooling. */
    @Command(
            name = "keys",
            description = "Key tools.",
            subcommands = {Keys.Generate.class, Keys.Rotate.class, Keys.Rewrap.class})
    static final class Keys implements Runnable {
        @Override
        public void run() {
            CommandLine.usage(this, System.out);
        }

        @Command(
                name = "generate",
                description = "Print a new random master key (base64 of 32 bytes) for AUTHPIPE_MASTER_KEY.")
        static final class Generate implements Runnable {
            @Override
            public void run() {
                System.out.println(LocalKek.generateBase64());
            }
        }

        @Command(
                name = "rotate",
                description = "Add a fresh data key to every tenant and project keyset"
                        + " (online; older keys keep opening older values).")
        static final class Rotate implements Callable<Integer> {
            @Override
            public Integer call() {
                return run(() -> "rotated "
                        + KeyTools.rotateDataKeys(Config.fromEnvironment(System.getenv(), false, false)) + " keysets");
            }
        }

        @Command(
                name = "rewrap",
                description = "Re-wrap every keyset under AUTHPIPE_MASTER_KEY, reading them with"
                        + " AUTHPIPE_PREVIOUS_MASTER_KEY (online).")
        static final class Rewrap implements Callable<Integer> {
            @Override
            public Integer call() {
                return run(() -> "re-wrapped "
                        + KeyTools.rewrap(Config.fromEnvironment(System.getenv(), false, false))
                        + " keysets under the new master key; AUTHPIPE_PREVIOUS_MASTER_KEY can now be removed");
            }
        }

        private static int run(Supplier<String> operation) {
            try {
                System.out.println("authpipe: " + operation.get());
                return 0;
            } catch (ConfigException | VaultException e) {
                System.err.println("authpipe: " + e.getMessage());
                return 2;
            }
        }
    }
}
