package dev.authpipe.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * A cache hit allocates nothing (PRODUCT.md §4: "no allocation beyond the result"). Timing belongs in the JMH
 * benchmark; allocation is exact enough to assert here.
 */
class CacheHitCostTest {
    private static final int HITS = 200_000;

    @Test
    void aCacheHitAllocatesNothing() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        CredentialRequest request = CredentialRequest.user("harvest", "org_acme", "user_123");
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(ServerAnswers.credential("tok_1", Instant.now().plus(Duration.ofHours(1))));
            try (Authpipe authpipe = Authpipe.builder()
                    .baseUrl(server.url("/").uri())
                    .secretKey("sk_test_cost")
                    .build()) {
                Credential first = authpipe.getCredential(request);
                hit(authpipe, request, first);

                long before = threads.getCurrentThreadAllocatedBytes();
                hit(authpipe, request, first);
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;

                // One object per hit would be at least 16 bytes * HITS; allow a little for the JIT and the MXBean.
                assertThat(allocated).isLessThan(HITS);
                assertThat(server.getRequestCount()).isEqualTo(1);
            }
        }
    }

    private static void hit(Authpipe authpipe, CredentialRequest request, Credential expected) {
        for (int i = 0; i < HITS; i++) {
            if (authpipe.getCredential(request) != expected) {
                throw new AssertionError("cache miss at hit " + i);
            }
        }
    }
}
