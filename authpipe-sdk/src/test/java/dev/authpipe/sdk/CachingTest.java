package dev.authpipe.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The local cache as seen through the public API, against a fake server. */
class CachingTest {
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final Duration MARGIN = Duration.ofMinutes(5);
    private static final CredentialRequest BOT = CredentialRequest.installation("harvest", "org_acme");

    private final MockWebServer server = new MockWebServer();
    private final MutableClock clock = new MutableClock(NOW);
    private Authpipe authpipe;

    @BeforeEach
    void start() throws Exception {
        server.start();
        authpipe = Authpipe.builder()
                .baseUrl(server.url("/").uri())
                .secretKey("sk_test_cache")
                .safetyMargin(MARGIN)
                .clock(clock)
                .build();
    }

    @AfterEach
    void stop() {
        authpipe.close();
        server.close();
    }

    @Test
    void servesAValidTokenFromTheCacheWithoutARequest() {
        server.enqueue(ServerAnswers.credential("tok_1", NOW.plus(Duration.ofHours(1))));

        Credential first = authpipe.getCredential(BOT);
        clock.advance(Duration.ofMinutes(30));
        Credential second = authpipe.getCredential(BOT);

        assertThat(second).isSameAs(first);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void fetchesAgainOnceTheTokenIsWithinTheSafetyMarginOfExpiry() {
        Instant expiresAt = NOW.plus(Duration.ofHours(1));
        server.enqueue(ServerAnswers.credential("tok_1", expiresAt));
        server.enqueue(ServerAnswers.credential("tok_2", expiresAt.plus(Duration.ofHours(1))));
        authpipe.getCredential(BOT);

        clock.advance(Duration.between(NOW, expiresAt.minus(MARGIN)));
        Credential refreshed = authpipe.getCredential(BOT);

        assertThat(refreshed.credential()).isEqualTo("tok_2");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void cachesATokenWithoutExpiryForOneSafetyMargin() {
        server.enqueue(ServerAnswers.credential("tok_1", null));
        server.enqueue(ServerAnswers.credential("tok_2", null));
        Credential first = authpipe.getCredential(BOT);

        clock.advance(MARGIN.dividedBy(2).minusMillis(1));
        assertThat(authpipe.getCredential(BOT)).isSameAs(first);
        assertThat(server.getRequestCount()).isEqualTo(1);

        clock.advance(MARGIN);
        assertThat(authpipe.getCredential(BOT).credential()).isEqualTo("tok_2");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void keepsOneEntryPerCredential() {
        Instant expiresAt = NOW.plus(Duration.ofHours(1));
        server.enqueue(ServerAnswers.credential("tok_bot", expiresAt));
        server.enqueue(ServerAnswers.credential("tok_user", expiresAt));
        CredentialRequest user = CredentialRequest.user("harvest", "org_acme", "user_123");

        Credential bot = authpipe.getCredential(BOT);
        Credential userCredential = authpipe.getCredential(user);

        assertThat(authpipe.getCredential(CredentialRequest.installation("harvest", "org_acme")))
                .isSameAs(bot);
        assertThat(authpipe.getCredential(CredentialRequest.user("harvest", "org_acme", "user_123")))
                .isSameAs(userCredential);
        assertThat(userCredential.credential()).isEqualTo("tok_user");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void invalidateDropsOnlyThatEntry() {
        Instant expiresAt = NOW.plus(Duration.ofHours(1));
        CredentialRequest user = CredentialRequest.user("harvest", "org_acme", "user_123");
        server.enqueue(ServerAnswers.credential("tok_bot", expiresAt));
        server.enqueue(ServerAnswers.credential("tok_user", expiresAt));
        server.enqueue(ServerAnswers.credential("tok_bot_2", expiresAt));
        authpipe.getCredential(BOT);
        Credential userCredential = authpipe.getCredential(user);

        authpipe.invalidate(BOT);

        assertThat(authpipe.getCredential(BOT).credential()).isEqualTo("tok_bot_2");
        assertThat(authpipe.getCredential(user)).isSameAs(userCredential);
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void doesNotCacheFailures() {
        server.enqueue(ServerAnswers.error(503, "provider_unavailable", "Harvest did not answer"));
        server.enqueue(ServerAnswers.credential("tok_1", NOW.plus(Duration.ofHours(1))));

        assertThatThrownBy(() -> authpipe.getCredential(BOT)).isInstanceOf(ProviderUnavailable.class);
        assertThat(authpipe.getCredential(BOT).credential()).isEqualTo("tok_1");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void closeDropsTheCacheAndRefusesFurtherCalls() {
        server.enqueue(ServerAnswers.credential("tok_1", NOW.plus(Duration.ofHours(1))));
        authpipe.getCredential(BOT);

        authpipe.close();
        authpipe.close();

        assertThat(authpipe.toString()).contains("cachedCredentials=0");
        assertThatThrownBy(() -> authpipe.getCredential(BOT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
