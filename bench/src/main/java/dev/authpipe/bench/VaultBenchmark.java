package dev.authpipe.bench;

import dev.authpipe.vault.KeyScope;
import dev.authpipe.vault.KeyringStore;
import dev.authpipe.vault.LocalKek;
import dev.authpipe.vault.SealContext;
import dev.authpipe.vault.Sealed;
import dev.authpipe.vault.Secret;
import dev.authpipe.vault.Vault;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Sealing and opening a typical token set (a Harvest-sized access token and refresh token, each
 * bound to its tenant, record and field) with a warm keyset cache: the vault's cost per read and
 * per refresh.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VaultBenchmark {
    private static final Secret ACCESS = Secret.of("1387424.at.kJ8sV2lq9Xy3Tz0pQw7eRt5uYi1oPa4sDf6gHj8kLz2xCv9bNm3");
    private static final Secret REFRESH = Secret.of("1387424.rt.Mn5bV7cX9zL1kJ3hG5fD7sA9pO2iU4yT6rE8wQ0aSd2fG4hJ6k");

    private Vault vault;
    private SealContext accessContext;
    private SealContext refreshContext;
    private Sealed sealedAccess;
    private Sealed sealedRefresh;

    @Setup
    public void setUp() {
        vault = new Vault(LocalKek.fromBase64(LocalKek.generateBase64()), new MemoryKeyrings());
        KeyScope tenant = KeyScope.tenant("prj_benchmark", "org_acme");
        accessContext = new SealContext(tenant, "credential/cred_benchmark", "access_token");
        refreshContext = new SealContext(tenant, "credential/cred_benchmark", "refresh_token");
        sealedAccess = vault.seal(accessContext, ACCESS);
        sealedRefresh = vault.seal(refreshContext, REFRESH);
    }

    @Benchmark
    public void sealTokenSet(Blackhole bh) {
        bh.consume(vault.seal(accessContext, ACCESS));
        bh.consume(vault.seal(refreshContext, REFRESH));
    }

    @Benchmark
    public void openTokenSet(Blackhole bh) {
        bh.consume(vault.open(accessContext, sealedAccess));
        bh.consume(vault.open(refreshContext, sealedRefresh));
    }

    @Benchmark
    public Secret openAccessToken() {
        return vault.open(accessContext, sealedAccess);
    }

    /** Keysets in memory: the benchmark measures the cryptography, not a database. */
    static final class MemoryKeyrings implements KeyringStore {
        private final ConcurrentHashMap<KeyScope, byte[]> keysets = new ConcurrentHashMap<>();
        private volatile byte[] check;

        @Override
        public Optional<byte[]> find(KeyScope scope) {
            return Optional.ofNullable(keysets.get(scope));
        }

        @Override
        public byte[] insertIfAbsent(KeyScope scope, byte[] wrapped) {
            return keysets.computeIfAbsent(scope, s -> wrapped);
        }

        @Override
        public boolean replace(KeyScope scope, byte[] expected, byte[] wrapped) {
            return keysets.computeIfPresent(scope, (s, old) -> Arrays.equals(old, expected) ? wrapped : old) == wrapped;
        }

        @Override
        public void delete(KeyScope scope) {
            keysets.remove(scope);
        }

        @Override
        public java.util.List<KeyScope> scopes() {
            return java.util.List.copyOf(keysets.keySet());
        }

        @Override
        public synchronized boolean replaceKekCheck(byte[] expected, byte[] value) {
            if (check == null || !Arrays.equals(check, expected)) {
                return false;
            }
            check = value;
            return true;
        }

        @Override
        public Optional<byte[]> kekCheck() {
            return Optional.ofNullable(check);
        }

        @Override
        public synchronized byte[] insertKekCheckIfAbsent(byte[] value) {
            if (check == null) {
                check = value;
            }
            return check;
        }
    }
}
