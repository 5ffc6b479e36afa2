package dev.authpipe.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Refresh-ahead and failure handling of {@link CredentialCache}, with a fetcher whose results the test completes, so
 * that background fetches finish exactly when the test says.
 */
class CredentialCacheTest {
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final Duration MARGIN = Duration.ofMinutes(5);
    private static final Instant EXPIRY = NOW.plus(Duration.ofHours(1));
    private static final Instant REFRESH_AFTER = EXPIRY.minus(MARGIN).minus(MARGIN.dividedBy(2));
    private static final CredentialRequest BOT = CredentialRequest.installation("harvest", "org_acme");

    private final MutableClock clock = new MutableClock(NOW);
    private final Queue<CompletableFuture<Credential>> answers = new ArrayDeque<>();
    private final List<CredentialRequest> fetched = new ArrayList<>();
    private final CredentialCache cache = new CredentialCache(
            request -> {
                fetched.add(request);
                return answers.remove();
            },
            clock,
            MARGIN.toMillis());

    @Test
    void readsBeforeTheRefreshWindowFetchNothing() {
        Credential first = prime(EXPIRY);

        clock.advance(Duration.between(NOW, REFRESH_AFTER).minusMillis(1));

        assertThat(cache.get(BOT)).isSameAs(first);
        assertThat(fetched).hasSize(1);
    }

    @Test
    void aReadInTheRefreshWindowReturnsAtOnceAndStartsOneBackgroundFetch() {
        Credential first = prime(EXPIRY);
        CompletableFuture<Credential> background = new CompletableFuture<>();
        answers.add(background);
        clock.advance(Duration.between(NOW, REFRESH_AFTER));

        assertThat(cache.get(BOT)).isSameAs(first);
        assertThat(cache.get(BOT)).isSameAs(first);
        assertThat(fetched).hasSize(2);
        assertThat(background).isNotDone();

        Credential next = credential("tok_2", EXPIRY.plus(Duration.ofHours(1)));
        background.complete(next);
        assertThat(cache.get(BOT)).isSameAs(next);
        assertThat(fetched).hasSize(2);
    }

    @Test
    void aBlockingReadJoinsTheBackgroundFetch() {
        prime(EXPIRY);
        CompletableFuture<Credential> background = new CompletableFuture<>();
        answers.add(background);
        clock.advance(Duration.between(NOW, REFRESH_AFTER));
        cache.get(BOT);

        clock.advance(MARGIN);
        Credential next = credential("tok_2", EXPIRY.plus(Duration.ofHours(1)));
        CompletableFuture<Credential> blocked = CompletableFuture.supplyAsync(() -> cache.get(BOT));
        background.complete(next);

        assertThat(blocked.join()).isSameAs(next);
        assertThat(fetched).hasSize(2);
    }

    static Stream<AuthpipeException> credentialGone() {
        return Stream.of(
                new NotInstalled("The app was uninstalled", 404),
                new NotAuthorized("The user disconnected", 404),
                new ReconnectRequired("The grant was revoked", 409),
                new Unauthorized("unauthorized", "Unknown secret key", 401));
    }

    @ParameterizedTest
    @MethodSource("credentialGone")
    void aBackgroundFetchThatSaysTheCredentialIsGoneDropsTheCachedToken(AuthpipeException gone) {
        prime(EXPIRY);
        answers.add(CompletableFuture.failedFuture(gone));
        answers.add(CompletableFuture.failedFuture(gone));
        clock.advance(Duration.between(NOW, REFRESH_AFTER));
        cache.get(BOT);

        assertThatThrownBy(() -> cache.get(BOT)).isSameAs(gone);
        assertThat(fetched).hasSize(3);
    }

    static Stream<AuthpipeException> transientFailures() {
        return Stream.of(
                new ProviderUnavailable("Harvest did not answer", 503),
                new AuthpipeException("network_error", "Connection refused", 0),
                new AuthpipeException("internal_error", "Something broke", 500));
    }

    @ParameterizedTest
    @MethodSource("transientFailures")
    void aTransientBackgroundFailureKeepsServingTheTokenWhileItIsFresh(AuthpipeException failure) {
        Credential first = prime(EXPIRY);
        answers.add(CompletableFuture.failedFuture(failure));
        clock.advance(Duration.between(NOW, REFRESH_AFTER));
        cache.get(BOT);

        assertThat(cache.get(BOT)).isSameAs(first);
        assertThat(fetched).hasSize(2);

        clock.advance(MARGIN.dividedBy(2));
        answers.add(CompletableFuture.failedFuture(failure));
        assertThatThrownBy(() -> cache.get(BOT)).isSameAs(failure);
        assertThat(fetched).hasSize(3);
    }

    @Test
    void aTokenAlreadyWithinTheMarginIsHandedOutButNotServedAgain() {
        Credential almostExpired = prime(NOW.plus(MARGIN).minusSeconds(1));
        answers.add(CompletableFuture.completedFuture(credential("tok_2", EXPIRY)));

        assertThat(almostExpired.credential()).isEqualTo("tok_1");
        assertThat(cache.get(BOT).credential()).isEqualTo("tok_2");
        assertThat(fetched).hasSize(2);
    }

    @Test
    void aFarFutureExpiryDoesNotOverflow() {
        Credential forever = prime(Instant.MAX);

        clock.advance(Duration.ofDays(365 * 100));

        assertThat(cache.get(BOT)).isSameAs(forever);
        assertThat(fetched).hasSize(1);
    }

    @Test
    void aFetcherThatThrowsLeavesNoFetchBehind() {
        IllegalStateException broken = new IllegalStateException("broken");
        CredentialCache failing = new CredentialCache(
                request -> {
                    fetched.add(request);
                    if (fetched.size() == 1) {
                        throw broken;
                    }
                    return CompletableFuture.completedFuture(credential("tok_1", EXPIRY));
                },
                clock,
                MARGIN.toMillis());

        assertThatThrownBy(() -> failing.get(BOT)).isSameAs(broken);
        assertThat(failing.get(BOT).credential()).isEqualTo("tok_1");
    }

    private Credential prime(Instant expiresAt) {
        Credential credential = credential("tok_1", expiresAt);
        answers.add(CompletableFuture.completedFuture(credential));
        assertThat(cache.get(BOT)).isSameAs(credential);
        return credential;
    }

    private static Credential credential(String token, Instant expiresAt) {
        return new Credential(token, "bearer", expiresAt, List.of(), Map.of(), "active");
    }
}
