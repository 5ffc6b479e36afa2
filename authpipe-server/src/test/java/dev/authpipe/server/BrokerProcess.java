package dev.authpipe.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real {@code authpipe.jar serve} in a child process, as an operator runs it. */
final class BrokerProcess implements AutoCloseable {
    final Process process;
    final String baseUrl;
    final Path log;

    private BrokerProcess(Process process, String baseUrl, Path log) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.log = log;
    }

    static BrokerProcess start(Path dir, Map<String, String> env, String... args) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                System.getProperty("authpipe.jar", "target/authpipe.jar"),
                "serve"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("AUTHPIPE_"));
        builder.environment().putAll(env);
        builder.environment().put("AUTHPIPE_PORT", Integer.toString(port));
        Path log = dir.resolve("broker-" + port + ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        try {
            BrokerProcess broker = new BrokerProcess(builder.start(), "http://localhost:" + port, log);
            broker.awaitHealthy();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls /healthz until the broker answers, with a deadline. */
    private void awaitHealthy() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker exited: " + readLog());
            }
            try {
                if (Http.browse(baseUrl + "/healthz").status() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                Thread.onSpinWait();
            }
        }
        throw new IllegalStateException("the broker did not become healthy: " + readLog());
    }

    /** SIGKILL: no shutdown hook, no chance to finish anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    String readLog() {
        try {
            return java.nio.file.Files.readString(log);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
