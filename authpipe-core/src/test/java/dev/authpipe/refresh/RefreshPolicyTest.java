package dev.authpipe.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authpipe.credential.Credential;
import dev.authpipe.credential.CredentialKey;
import dev.authpipe.credential.CredentialStatus;
import dev.authpipe.credential.RefreshState;
import dev.authpipe.vault.Sealed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RefreshPolicyTest {
    private static final long SEED = 0x5EED_2025L;
    private static final int CASES = 600;
    private static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");
    private static final Sealed ACCESS = Sealed.fromText("v1.AQIDBA");
    private static final Sealed REFRESH = Sealed.fromText("v1.BQYHCA");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    /**
     * One random situation: offsets in seconds around now, so boundaries come up often.
     *
     * @param retryInSeconds when the last failure allows the next attempt; null when no back-off
     */
    record Situation(
            CredentialStatus status,
            Long expiresInSeconds,
            boolean hasRefreshToken,
            long neededSeconds,
            int failures,
            Long retryInSeconds) {
        Credential credential() {
            return RefreshPolicyTest.credential(
                    status,
                    expiresInSeconds == null ? null : NOW.plusSeconds(expiresInSeconds),
                    hasRefreshToken,
                    new RefreshState(
                            retryInSeconds == null ? null : NOW.plusSeconds(retryInSeconds),
                            failures,
                            retryInSeconds == null ? null : NOW.plusSeconds(retryInSeconds),
                            failures == 0 ? null : "http_503: unavailable"));
        }

        Duration needed() {
            return Duration.ofSeconds(neededSeconds);
        }

        boolean backingOff() {
            return retryInSeconds != null && retryInSeconds > 0;
        }
    }

    static Stream<Arguments> situations() {
        Random random = new Random(SEED);
        CredentialStatus[] statuses = CredentialStatus.values();
        return Stream.generate(() -> {
                    long needed = random.nextInt(4) == 0 ? 0 : random.nextInt(3 * 86_400);
                    Long expiresIn = random.nextInt(8) == 0 ? null : expiryNear(random, needed);
                    int failures = random.nextInt(3) == 0 ? 0 : random.nextInt(12) + 1;
                    Long retryIn = failures == 0 || random.nextInt(4) == 0 ? null : retryNear(random);
                    return new Situation(
                            statuses[random.nextInt(statuses.length)],
                            expiresIn,
                            random.nextBoolean(),
                            needed,
                            failures,
                            retryIn);
                })
                .limit(CASES)
                .map(s -> Arguments.argumentSet("seed " + SEED + ": " + s, s));
    }

    /** Back-off ending just now, around now, or hours before or after. */
    private static long retryNear(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> 0;
            case 1 -> random.nextInt(5) - 2;
            default -> random.nextInt(4 * 3600) - 2 * 3600;
        };
    }

    private static long expiryNear(Random random, long needed) {
        return switch (random.nextInt(4)) {
            case 0 -> needed;
            case 1 -> needed + random.nextInt(5) - 2;
            case 2 -> 0;
            default -> random.nextInt(6 * 86_400) - 2 * 86_400;
        };
    }

    @ParameterizedTest
    @MethodSource("situations")
    void refreshesExactlyWhenUsableRefreshableNotBackingOffAndNotValidForLongEnough(Situation s) {
        RefreshDecision decision = RefreshPolicy.decide(s.credential(), NOW, s.needed());

        boolean expectRefresh = s.status() != CredentialStatus.REVOKED
                && s.expiresInSeconds() != null
                && s.hasRefreshToken()
                && s.expiresInSeconds() < s.neededSeconds()
                && !s.backingOff();
        assertThat(decision.refresh()).isEqualTo(expectRefresh);
        assertThat(decision.reason()).isEqualTo(expectedReason(s));
    }

    private static RefreshReason expectedReason(Situation s) {
        if (s.status() == CredentialStatus.REVOKED) {
            return RefreshReason.REVOKED;
        }
        if (s.expiresInSeconds() == null) {
            return RefreshReason.NO_EXPIRY;
        }
        if (s.expiresInSeconds() >= s.neededSeconds()) {
            return RefreshReason.FRESH;
        }
        if (!s.hasRefreshToken()) {
            return RefreshReason.NO_REFRESH_TOKEN;
        }
        if (s.backingOff()) {
            return RefreshReason.BACKING_OFF;
        }
        return s.expiresInSeconds() > 0 ? RefreshReason.EXPIRING_SOON : RefreshReason.EXPIRED;
    }

    @Test
    void theGeneratedCasesCoverEveryReason() {
        assertThat(situations()
                        .map(a -> (Situation) a.get()[0])
                        .map(RefreshPolicyTest::expectedReason)
                        .distinct())
                .containsExactlyInAnyOrder(
                        RefreshReason.REVOKED,
                        RefreshReason.NO_EXPIRY,
                        RefreshReason.FRESH,
                        RefreshReason.NO_REFRESH_TOKEN,
                        RefreshReason.BACKING_OFF,
                        RefreshReason.EXPIRING_SOON,
                        RefreshReason.EXPIRED);
    }

    @Test
    void tokenValidForExactlyTheNeededTimeIsFresh() {
        Credential c = credential(CredentialStatus.ACTIVE, NOW.plus(MINUTE), true);

        assertThat(RefreshPolicy.decide(c, NOW, MINUTE)).isEqualTo(new RefreshDecision(false, RefreshReason.FRESH));
        assertThat(RefreshPolicy.decide(c, NOW.plusNanos(1), MINUTE))
                .isEqualTo(new RefreshDecision(true, RefreshReason.EXPIRING_SOON));
    }

    @Test
    void tokenPastItsExpiryIsExpired() {
        Credential c = credential(CredentialStatus.ACTIVE, NOW.minus(MINUTE), true);

        assertThat(RefreshPolicy.decide(c, NOW, Duration.ZERO))
                .isEqualTo(new RefreshDecision(true, RefreshReason.EXPIRED));
    }

    @Test
    void credentialMarkedExpiredIsStillRefreshed() {
        Credential c = credential(CredentialStatus.EXPIRED, NOW.minus(MINUTE), true);

        assertThat(RefreshPolicy.decide(c, NOW, MINUTE).refresh()).isTrue();
    }

    @Test
    void revokedCredentialIsNeverRefreshedEvenWhenExpired() {
        Credential c = credential(CredentialStatus.REVOKED, NOW.minus(MINUTE), true);

        assertThat(RefreshPolicy.decide(c, NOW, MINUTE)).isEqualTo(new RefreshDecision(false, RefreshReason.REVOKED));
    }

    @Test
    void tokenWithoutExpiryIsNeverRefreshed() {
        Credential c = credential(CredentialStatus.ACTIVE, null, true);

        assertThat(RefreshPolicy.decide(c, NOW, Duration.ofDays(365)))
                .isEqualTo(new RefreshDecision(false, RefreshReason.NO_EXPIRY));
    }

    @Test
    void expiringTokenWithoutRefreshTokenCannotBeRefreshed() {
        Credential c = credential(CredentialStatus.ACTIVE, NOW.plusSeconds(10), false);

        assertThat(RefreshPolicy.decide(c, NOW, MINUTE))
                .isEqualTo(new RefreshDecision(false, RefreshReason.NO_REFRESH_TOKEN));
    }

    @Test
    void theGeneratedCasesMeetBackOffOnEitherSideOfNowAndAtIt() {
        assertThat(situations().map(a -> (Situation) a.get()[0]).map(Situation::retryInSeconds))
                .contains(null, -1L, 0L, 1L);
    }

    @Test
    void backingOffLastsUntilRetryAt() {
        Credential c = credential(
                CredentialStatus.EXPIRED,
                NOW.minus(MINUTE),
                true,
                new RefreshState(NOW.plus(MINUTE), 2, NOW.plus(MINUTE), "http_503: unavailable"));

        assertThat(RefreshPolicy.decide(c, NOW, MINUTE))
                .isEqualTo(new RefreshDecision(false, RefreshReason.BACKING_OFF));
        assertThat(RefreshPolicy.decide(c, NOW.plus(MINUTE).minusNanos(1), MINUTE))
                .isEqualTo(new RefreshDecision(false, RefreshReason.BACKING_OFF));
        assertThat(RefreshPolicy.decide(c, NOW.plus(MINUTE), MINUTE))
                .isEqualTo(new RefreshDecision(true, RefreshReason.EXPIRED));
    }

    @Test
    void failuresWithoutRetryAtDoNotHoldARefreshBack() {
        Credential c = credential(
                CredentialStatus.ACTIVE, NOW.plusSeconds(10), true, new RefreshState(null, 5, null, "http_500: x"));

        assertThat(RefreshPolicy.decide(c, NOW, MINUTE))
                .isEqualTo(new RefreshDecision(true, RefreshReason.EXPIRING_SOON));
    }

    @Test
    void backOffOnlyMattersWhenARefreshIsNeeded() {
        RefreshState backingOff = new RefreshState(NOW.plus(MINUTE), 1, NOW.plus(MINUTE), "http_503: unavailable");

        assertThat(RefreshPolicy.decide(
                        credential(CredentialStatus.REVOKED, NOW.minus(MINUTE), true, backingOff), NOW, MINUTE))
                .isEqualTo(new RefreshDecision(false, RefreshReason.REVOKED));
        assertThat(RefreshPolicy.decide(credential(CredentialStatus.ACTIVE, null, true, backingOff), NOW, MINUTE))
                .isEqualTo(new RefreshDecision(false, RefreshReason.NO_EXPIRY));
        assertThat(RefreshPolicy.decide(
                        credential(CredentialStatus.ACTIVE, NOW.plus(Duration.ofHours(1)), true, backingOff),
                        NOW,
                        MINUTE))
                .isEqualTo(new RefreshDecision(false, RefreshReason.FRESH));
        assertThat(RefreshPolicy.decide(
                        credential(CredentialStatus.ACTIVE, NOW.plusSeconds(10), false, backingOff), NOW, MINUTE))
                .isEqualTo(new RefreshDecision(false, RefreshReason.NO_REFRESH_TOKEN));
    }

    static Credential credential(CredentialStatus status, Instant expiresAt, boolean hasRefreshToken) {
        return credential(status, expiresAt, hasRefreshToken, RefreshState.NONE);
    }

    static Credential credential(
            CredentialStatus status, Instant expiresAt, boolean hasRefreshToken, RefreshState refresh) {
        return new Credential(
                "cred_1",
                CredentialKey.installation("prj_1", "harvest", "acme"),
                status,
                ACCESS,
                hasRefreshToken ? REFRESH : null,
                "bearer",
                expiresAt,
                List.of("harvest:all"),
                Map.of(),
                NOW.minus(Duration.ofDays(1)),
                NOW.minus(Duration.ofDays(1)),
                null,
                3,
                refresh);
    }
}
