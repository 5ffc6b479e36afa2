package dev.authpipe.bench;

import com.sun.net.httpserver.HttpServer;
import dev.authpipe.sdk.Authpipe;
import dev.authpipe.sdk.Credential;
import dev.authpipe.sdk.CredentialRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code getCredential} answered from the SDK's cache: the path a backend takes on almost every
 * call. The cache is filled once from a tiny local HTTP server; the measured calls make none.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SdkCacheBenchmark {
    private HttpServer server;
    private Authpipe authpipe;
    private CredentialRequest request;

    @Setup(Level.Trial)
    public void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String body = "{\"credential\":\"5001.at.benchmark-token\",\"tokenType\":\"bearer\",\"expiresAt\":\""
                + Instant.now().plusSeconds(86_400) + "\",\"scopes\":[\"harvest:100001\"],"
                + "\"metadata\":{\"accountIds\":[\"100001\"]},\"status\":\"active\"}";
        server.createContext("/v1/credentials", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        authpipe = Authpipe.builder()
                .baseUrl("http://127.0.0.1:" + server.getAddress().getPort())
                .secretKey("sk_benchmark")
                .build();
        request = CredentialRequest.user("harvest", "org_acme", "user_123");
        authpipe.getCredential(request);
    }

    @Benchmark
    public Credential cacheHit() {
        return authpipe.getCredential(request);
    }

    @TearDown(Level.Trial)
    public void stop() {
        authpipe.close();
        server.stop(0);
    }
}
