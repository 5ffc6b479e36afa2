package dev.authpipe.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authpipe.credential.Credential;
import dev.authpipe.credential.CredentialKey;
import dev.authpipe.credential.CredentialStatus;
import dev.authpipe.credential.RefreshState;
import dev.authpipe.vault.Sealed;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RefreshScheduleTest {
    private static final long SEED = 0x5C4E_D01EL;
    private static final int CASES = 500;
    private static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");
    private static final Sealed ACCESS = Sealed.fromText("v1.AQIDBA");
    private static final Sealed REFRESH = Sealed.fromText("v1.BQYHCA");
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
    /** The catalog gives this provider a default lead (when the case has one); the other has none. */
    private static final String WITH_DEFAULT = "harvest";

    private static final String WITHOUT_DEFAULT = "github";
    private static final String ERROR = "http_503: unavailable";

    /** One credential under random settings; {@code jitterSeed} seeds the schedule's randomness. */
    record Case(
            RefreshSettings settings,
            Duration providerDefault,
            Credential credential,
            Duration retryAfter,
            long jitterSeed) {
        /** A new schedule on every call, each drawing the same jitter. */
        RefreshSchedule schedule() {
            return new RefreshSchedule(settings, catalog(providerDefault), new SplittableRandom(jitterSeed));
        }

        /** The contract's lead: configured, else the provider's, else ten minutes; at most half the lifetime. */
        Duration expectedLead() {
            Duration lead = settings.lead() != null
                    ? settings.lead()
                    : credential.key().provider().equals(WITH_DEFAULT) && providerDefault != null
                            ? providerDefault
                            : TEN_MINUTES;
            Duration lifetime = lifetime();
            if (lifetime != null
                    && !lifetime.isNegative()
                    && lead.multipliedBy(2).compareTo(lifetime) > 0) {
                lead = lifetime.dividedBy(2);
            }
            return lead;
        }

        /** From the last refresh (else creation) to expiry; null without expiry. */
        Duration lifetime() {
            Credential c = credential;
            Instant issued = c.refreshedAt() != null ? c.refreshedAt() : c.createdAt();
            return c.expiresAt() == null ? null : Duration.between(issued, c.expiresAt());
        }

        boolean schedulable() {
            return credential.status() != CredentialStatus.REVOKED && credential.refreshToken() != null;
        }

        @Override
        public String toString() {
            return credential.key().provider() + " " + credential.status()
                    + (credential.hasRefreshToken() ? " refreshable" : " no-refresh-token")
                    + " lifetime=" + lifetime() + " lead=" + settings.lead() + " providerDefault=" + providerDefault
                    + " keepAlive=" + settings.keepAlive() + " failures="
                    + credential.refresh().failures()
                    + " retryAfter=" + retryAfter;
        }
    }

    static Stream<Arguments> cases() {
        Random random = new Random(SEED);
        return IntStream.range(0, CASES).mapToObj(i -> {
            Case c = randomCase(random);
            return Arguments.argumentSet("seed " + SEED + " #" + i + ": " + c, c);
        });
    }

    private static Case randomCase(Random random) {
        RefreshSettings settings = new RefreshSettings(
                random.nextInt(3) == 0 ? null : millisBetween(random, Duration.ZERO, Duration.ofHours(3)),
                millisBetween(random, Duration.ofHours(1), Duration.ofDays(30)),
                Duration.ofSeconds(30),
                millisBetween(random, Duration.ofSeconds(1), Duration.ofMinutes(5)),
                millisBetween(random, Duration.ofMinutes(1), Duration.ofDays(2)));
        Duration providerDefault =
                random.nextBoolean() ? null : millisBetween(random, Duration.ofMinutes(1), Duration.ofHours(1));
        Instant createdAt = NOW.minus(millisBetween(random, Duration.ZERO, Duration.ofDays(60)));
        Instant refreshedAt = random.nextBoolean()
                ? null
                : createdAt.plus(millisBetween(random, Duration.ZERO, Duration.between(createdAt, NOW)));
        Instant issuedAt = refreshedAt != null ? refreshedAt : createdAt;
        Instant expiresAt = switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> issuedAt.plus(millisBetween(random, Duration.ZERO, Duration.ofMinutes(2)));
            case 2 -> issuedAt.plus(millisBetween(random, Duration.ZERO, Duration.ofHours(2)));
            case 3 -> issuedAt.minus(millisBetween(random, Duration.ZERO, Duration.ofHours(1)));
            default -> issuedAt.plus(millisBetween(random, Duration.ofHours(1), Duration.ofDays(2)));
        };
        int failures = random.nextInt(3) == 0 ? 0 : random.nextInt(40);
        RefreshState prior = failures == 0
                ? RefreshState.NONE
                : new RefreshState(NOW.plusSeconds(random.nextInt(3600)), failures, NOW, "http_500: earlier");
        Credential credential = credential(
                        random.nextBoolean() ? WITH_DEFAULT : WITHOUT_DEFAULT,
                        CredentialStatus.values()[random.nextInt(CredentialStatus.values().length)],
                        random.nextInt(5) != 0,
                        createdAt,
                        refreshedAt,
                        expiresAt)
                .withRefresh(prior);
        Duration retryAfter = random.nextBoolean()
                ? null
                : millisBetween(random, Duration.ZERO, settings.backoffCap().multipliedBy(2));
        return new Case(settings, providerDefault, credential, retryAfter, random.nextLong());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void leadIsConfiguredElseProviderDefaultElseTenMinutesAndAtMostHalfTheLifetime(Case k) {
        Duration lead = k.schedule().lead(k.credential());

        assertThat(lead).isEqualTo(k.expectedLead());
        if (k.lifetime() != null && !k.lifetime().isNegative()) {
            assertThat(lead.multipliedBy(2)).isLessThanOrEqualTo(k.lifetime());
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void nextRefreshIsInItsJitterWindowAndNeverAfterExpiry(Case k) {
        Instant next = k.schedule().nextRefreshAt(k.credential());

        assertWithinSchedule(k, next);
        if (next != null && k.credential().expiresAt() != null) {
            assertThat(next).isBeforeOrEqualTo(k.credential().expiresAt());
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void scheduledStartsAFreshScheduleWithoutFailures(Case k) {
        Credential scheduled = k.schedule().scheduled(k.credential());

        assertThat(scheduled.refresh().failures()).isZero();
        assertThat(scheduled.refresh().retryAt()).isNull();
        assertThat(scheduled.refresh().lastError()).isNull();
        assertWithinSchedule(k, scheduled.refresh().nextRefreshAt());
        assertThat(scheduled.withRefresh(k.credential().refresh())).isEqualTo(k.credential());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void backedOffCountsTheFailureAndWaitsItsBackoffFromNow(Case k) {
        Instant now = NOW.plusSeconds(k.jitterSeed() % 86_400);
        int failures = k.credential().refresh().failures() + 1;

        Credential after = k.schedule().backedOff(k.credential(), now, k.retryAfter(), ERROR);

        RefreshState state = after.refresh();
        assertThat(state.failures()).isEqualTo(failures);
        assertThat(state.lastError()).isEqualTo(ERROR);
        assertThat(state.nextRefreshAt()).isEqualTo(state.retryAt());
        assertWithinBackoff(k.settings(), failures, k.retryAfter(), Duration.between(now, state.retryAt()));
        assertThat(after.withRefresh(k.credential().refresh())).isEqualTo(k.credential());

        Credential recovered = k.schedule().scheduled(after);
        assertThat(recovered.refresh().failures()).isZero();
        assertThat(recovered.refresh().retryAt()).isNull();
        assertThat(recovered.refresh().lastError()).isNull();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void backoffIsHalfToAllOfTheCappedExponentialButNeverBelowRetryAfter(Case k) {
        int failures = k.credential().refresh().failures() + 1;

        Duration delay = k.schedule().backoff(failures, k.retryAfter());

        assertWithinBackoff(k.settings(), failures, k.retryAfter(), delay);
    }

    static Stream<Arguments> failureCounts() {
        Random random = new Random(SEED);
        return Stream.generate(
                        () -> random.nextInt(8) == 0 ? random.nextInt(Integer.MAX_VALUE) + 1 : random.nextInt(64) + 1)
                .limit(CASES)
                .map(n -> Arguments.argumentSet("seed " + SEED + ": " + n + " failures", n));
    }

    @ParameterizedTest
    @MethodSource("failureCounts")
    void backoffUnderDefaultsStaysWithinItsWindowForAnyFailureCount(int failures) {
        RefreshSettings defaults = RefreshSettings.defaults();
        RefreshSchedule schedule = new RefreshSchedule(defaults, p -> null, new SplittableRandom(SEED ^ failures));

        assertWithinBackoff(defaults, failures, null, schedule.backoff(failures, null));
        assertWithinBackoff(
                defaults, failures, Duration.ofMinutes(45), schedule.backoff(failures, Duration.ofMinutes(45)));
    }

    static Stream<Arguments> settings() {
        Random random = new Random(SEED);
        return IntStream.range(0, CASES).mapToObj(i -> {
            RefreshSettings settings = randomCase(random).settings();
            return Arguments.argumentSet("seed " + SEED + " #" + i + ": " + settings, settings);
        });
    }

    @ParameterizedTest
    @MethodSource("settings")
    void backoffCeilingGrowsWithFailuresUpToTheCapAndThenStays(RefreshSettings settings) {
        RefreshSchedule none = new RefreshSchedule(settings, p -> null, Jitter.NONE);
        RefreshSchedule full = new RefreshSchedule(settings, p -> null, Jitter.FULL);
        Duration previous = Duration.ZERO;
        for (int failures : IntStream.concat(IntStream.rangeClosed(1, 80), IntStream.of(1000, Integer.MAX_VALUE))
                .toArray()) {
            Duration ceiling = none.backoff(failures, null);
            assertThat(ceiling).as("%d failures", failures).isEqualTo(ceiling(settings, failures));
            assertThat(ceiling).as("%d failures", failures).isGreaterThanOrEqualTo(previous);
            assertThat(full.backoff(failures, null).multipliedBy(2))
                    .as("%d failures, all jitter", failures)
                    .isGreaterThanOrEqualTo(ceiling);
            previous = ceiling;
        }
        assertThat(previous).isEqualTo(settings.backoffCap());
    }

    @Test
    void backoffUnderDefaultsDoublesFromThirtySecondsToAnHour() {
        RefreshSchedule schedule = new RefreshSchedule(RefreshSettings.defaults(), p -> null, Jitter.NONE);

        assertThat(IntStream.rangeClosed(1, 9).mapToObj(n -> schedule.backoff(n, null)))
                .containsExactly(
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(1),
                        Duration.ofMinutes(2),
                        Duration.ofMinutes(4),
                        Duration.ofMinutes(8),
                        Duration.ofMinutes(16),
                        Duration.ofMinutes(32),
                        Duration.ofHours(1),
                        Duration.ofHours(1));
        assertThat(new RefreshSchedule(RefreshSettings.defaults(), p -> null, Jitter.FULL).backoff(1, null))
                .isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void retryAfterLongerThanTheCapIsHonouredExactly() {
        Credential c = credential(WITH_DEFAULT, CredentialStatus.ACTIVE, true, NOW, null, NOW.plusSeconds(3600))
                .withRefresh(new RefreshState(NOW, 2, NOW, "http_429: slow down"));
        RefreshSchedule schedule = new RefreshSchedule(RefreshSettings.defaults(), p -> null, new SplittableRandom(7));

        Credential after = schedule.backedOff(c, NOW, Duration.ofHours(2), "http_429: slow down again");

        assertThat(after.refresh())
                .isEqualTo(new RefreshState(
                        NOW.plus(Duration.ofHours(2)), 3, NOW.plus(Duration.ofHours(2)), "http_429: slow down again"));
    }

    @Test
    void backoffKeepsDoublingUntilTheCapWhateverTheRatioOfCapToBase() {
        RefreshSettings settings = new RefreshSettings(
                null, Duration.ofDays(7), Duration.ofSeconds(30), Duration.ofMillis(1), Duration.ofDays(30));
        RefreshSchedule schedule = new RefreshSchedule(settings, p -> null, Jitter.NONE);

        assertThat(schedule.backoff(40, null)).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void leadDefaultsToTenMinutes() {
        Credential c = credential(WITHOUT_DEFAULT, CredentialStatus.ACTIVE, true, NOW, null, NOW.plusSeconds(3600));

        assertThat(schedule(null, Duration.ofMinutes(3), Jitter.NONE).lead(c)).isEqualTo(TEN_MINUTES);
    }

    @Test
    void leadIsTheProviderDefaultOfTheCredentialsProviderUnlessConfigured() {
        Credential c = credential(WITH_DEFAULT, CredentialStatus.ACTIVE, true, NOW, null, NOW.plusSeconds(3600));

        assertThat(schedule(null, Duration.ofMinutes(3), Jitter.NONE).lead(c)).isEqualTo(Duration.ofMinutes(3));
        assertThat(schedule(Duration.ofMinutes(7), Duration.ofMinutes(3), Jitter.NONE)
                        .lead(c))
                .isEqualTo(Duration.ofMinutes(7));
    }

    @Test
    void leadIsHalfTheLifetimeSinceTheLastRefresh() {
        Instant longAgo = NOW.minus(Duration.ofDays(30));
        Credential c = credential(
                WITHOUT_DEFAULT, CredentialStatus.ACTIVE, true, longAgo, NOW, NOW.plus(Duration.ofMinutes(8)));

        assertThat(schedule(null, null, Jitter.NONE).lead(c)).isEqualTo(Duration.ofMinutes(4));
        assertThat(schedule(null, null, Jitter.NONE).nextRefreshAt(c)).isEqualTo(NOW.plus(Duration.ofMinutes(4)));
        assertThat(schedule(null, null, Jitter.FULL).nextRefreshAt(c))
                .isEqualTo(NOW.plus(Duration.ofMinutes(4)).minusSeconds(24));
    }

    @Test
    void jitterTakesUpToATenthOfTheLeadEarlier() {
        Credential c = credential(WITHOUT_DEFAULT, CredentialStatus.ACTIVE, true, NOW, null, NOW.plusSeconds(3600));

        assertThat(schedule(null, null, Jitter.NONE).nextRefreshAt(c)).isEqualTo(NOW.plus(Duration.ofMinutes(50)));
        assertThat(schedule(null, null, Jitter.FULL).nextRefreshAt(c)).isEqualTo(NOW.plus(Duration.ofMinutes(49)));
    }

    @Test
    void tokenWithoutExpiryIsKeptAliveFromItsLastRefresh() {
        Credential c =
                credential(WITHOUT_DEFAULT, CredentialStatus.ACTIVE, true, NOW.minus(Duration.ofDays(30)), NOW, null);

        assertThat(schedule(null, null, Jitter.NONE).nextRefreshAt(c)).isEqualTo(NOW.plus(Duration.ofDays(7)));
        assertThat(schedule(null, null, Jitter.FULL).nextRefreshAt(c))
                .isEqualTo(NOW.plus(Duration.ofDays(7)).minus(Duration.ofDays(7).dividedBy(10)));
    }

    @Test
    void nothingIsScheduledWhenRevokedOrWithoutRefreshToken() {
        RefreshSchedule schedule = schedule(null, null, Jitter.NONE);

        for (Instant expiresAt : new Instant[] {null, NOW.plusSeconds(3600), NOW.minusSeconds(60)}) {
            assertThat(schedule.nextRefreshAt(
                            credential(WITH_DEFAULT, CredentialStatus.REVOKED, true, NOW, null, expiresAt)))
                    .isNull();
            assertThat(schedule.nextRefreshAt(
                            credential(WITH_DEFAULT, CredentialStatus.ACTIVE, false, NOW, null, expiresAt)))
                    .isNull();
            assertThat(schedule.nextRefreshAt(
                            credential(WITH_DEFAULT, CredentialStatus.EXPIRED, true, NOW, null, expiresAt)))
                    .isNotNull();
        }
    }

    @Test
    void tokensIssuedTogetherAreSpreadOverTheJitterWindow() {
        RefreshSchedule schedule =
                new RefreshSchedule(RefreshSettings.defaults(), p -> null, new SplittableRandom(SEED));
        TreeSet<Instant> times = new TreeSet<>();
        for (int i = 0; i < 100; i++) {
            times.add(schedule.nextRefreshAt(
                    credential(WITHOUT_DEFAULT, CredentialStatus.ACTIVE, true, NOW, null, NOW.plusSeconds(3600))));
        }

        assertThat(times).hasSizeGreaterThan(90);
        assertThat(Duration.between(times.first(), times.last())).isGreaterThan(Duration.ofSeconds(45));
    }

    @Test
    void differentSeedsDrawDifferentJitter() {
        Credential expiring =
                credential(WITHOUT_DEFAULT, CredentialStatus.ACTIVE, true, NOW, null, NOW.plusSeconds(3600));
        Credential keptAlive = credential(WITHOUT_DEFAULT, CredentialStatus.ACTIVE, true, NOW, null, null);

        assertThat(LongStream.range(0, 100)
                        .mapToObj(seed ->
                                schedule(null, null, new SplittableRandom(seed)).nextRefreshAt(expiring))
                        .distinct())
                .hasSizeGreaterThan(90);
        assertThat(LongStream.range(0, 100)
                        .mapToObj(seed ->
                                schedule(null, null, new SplittableRandom(seed)).nextRefreshAt(keptAlive))
                        .distinct())
                .hasSizeGreaterThan(90);
        assertThat(LongStream.range(0, 100)
                        .mapToObj(seed ->
                                schedule(null, null, new SplittableRandom(seed)).backoff(3, null))
                        .distinct())
                .hasSizeGreaterThan(90);
    }

    /** Null when nothing can be refreshed; else in the lead's or keep-alive's jitter window. */
    private static void assertWithinSchedule(Case k, Instant next) {
        Credential c = k.credential();
        if (!k.schedulable()) {
            assertThat(next).isNull();
            return;
        }
        Instant latest;
        Duration window;
        if (c.expiresAt() == null) {
            Duration keepAlive = k.settings().keepAlive();
            latest = (c.refreshedAt() != null ? c.refreshedAt() : c.createdAt()).plus(keepAlive);
            window = keepAlive.dividedBy(10);
        } else {
            Duration lead = k.expectedLead();
            latest = c.expiresAt().minus(lead);
            window = lead.dividedBy(10);
        }
        assertThat(next).isBetween(latest.minus(window), latest);
    }

    /** Within [max(d/2, retryAfter), max(d, retryAfter)], d the capped exponential; never above max(cap, retryAfter). */
    private static void assertWithinBackoff(
            RefreshSettings settings, int failures, Duration retryAfter, Duration delay) {
        Duration d = ceiling(settings, failures);
        Duration floor = retryAfter == null ? Duration.ZERO : retryAfter;
        assertThat(delay.multipliedBy(2)).isGreaterThanOrEqualTo(d);
        assertThat(delay).isGreaterThanOrEqualTo(floor);
        assertThat(delay).isLessThanOrEqualTo(max(d, floor));
        assertThat(delay).isLessThanOrEqualTo(max(settings.backoffCap(), floor));
        if (floor.compareTo(d) >= 0) {
            assertThat(delay).isEqualTo(floor);
        }
    }

    /** min(cap, base * 2^(failures-1)), computed without overflow. */
    private static Duration ceiling(RefreshSettings settings, int failures) {
        BigInteger exponential =
                BigInteger.valueOf(settings.backoffBase().toNanos()).shiftLeft(Math.min(failures - 1, 128));
        return Duration.ofNanos(exponential
                .min(BigInteger.valueOf(settings.backoffCap().toNanos()))
                .longValueExact());
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static RefreshSchedule schedule(Duration lead, Duration providerDefault, RandomGenerator random) {
        return new RefreshSchedule(RefreshSettings.defaults().withLead(lead), catalog(providerDefault), random);
    }

    /** The provider catalog's default lead: only {@link #WITH_DEFAULT} has one. */
    private static Function<String, Duration> catalog(Duration providerDefault) {
        return provider -> provider.equals(WITH_DEFAULT) ? providerDefault : null;
    }

    private static Duration millisBetween(Random random, Duration min, Duration max) {
        return min.plusMillis(random.nextLong(max.toMillis() - min.toMillis() + 1));
    }

    static Credential credential(
            String provider,
            CredentialStatus status,
            boolean hasRefreshToken,
            Instant createdAt,
            Instant refreshedAt,
            Instant expiresAt) {
        return new Credential(
                "cred_1",
                CredentialKey.installation("prj_1", provider, "acme"),
                status,
                ACCESS,
                hasRefreshToken ? REFRESH : null,
                "bearer",
                expiresAt,
                List.of("harvest:all"),
                Map.of(),
                createdAt,
                refreshedAt != null ? refreshedAt : createdAt,
                refreshedAt,
                3);
    }

    /** Jitter pinned to one end of its range: none of it, or all of it. */
    private enum Jitter implements RandomGenerator {
        NONE {
            @Override
            public long nextLong(long bound) {
                return 0;
            }
        },
        FULL {
            @Override
            public long nextLong(long bound) {
                return bound - 1;
            }
        };

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException("only bounded draws are pinned");
        }
    }
}
