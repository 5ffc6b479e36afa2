package dev.authpipe.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * All OAuth state: authorization codes, grants and the tokens they issued. Every transition happens
 * under this object's lock, so concurrent token requests see codes used once and rotations applied
 * once.
 */
final class Grants {
    /** Doorkeeper's text, which Harvest ID answers with (harvest.md §1.9). */
    static final String INVALID_GRANT_DESCRIPTION = "The provided authorization grant is invalid, expired, revoked, "
            + "does not match the redirection URI used in the authorization request, or was issued to another client.";

    private final Clock clock;
    private final Knobs knobs;
    private final TokenMint mint = new TokenMint();
    private final Map<String, AuthorizationCode> codes = new HashMap<>();
    private final Map<String, String> grantOfUsedCode = new HashMap<>();
    private final Map<String, Grant> grants = new HashMap<>();
    private final Set<String> revokedGrants = new HashSet<>();
    private final Map<String, Issued> accessTokens = new HashMap<>();
    private final Map<String, Issued> refreshTokens = new HashMap<>();
    private long unverifiedPkceExchanges;

    /** A token's owner and end of life; {@code expiresAt} null means it never expires. */
    private record Issued(String grantId, Instant expiresAt) {
        boolean liveAt(Instant now) {
            return expiresAt == null || now.isBefore(expiresAt);
        }
    }

    Grants(Clock clock, Knobs knobs) {
        this.clock = clock;
        this.knobs = knobs;
    }

    synchronized String issueCode(
            OAuthClient client, String redirectUri, long personId, List<Long> accountIds, Pkce pkce) {
        String code = mint.code();
        codes.put(
                code,
                new AuthorizationCode(
                        code, client.clientId(), redirectUri, personId, accountIds, pkce, clock.instant()));
        return code;
    }

    /**
     * The {@code authorization_code} grant (harvest.md §1.6). {@code redirectUri} and {@code verifier}
     * are null when the request did not send them: Harvest does not require either (§1.6, §1.11).
     */
    synchronized TokenSet exchangeCode(OAuthClient client, String code, String redirectUri, String verifier) {
        Instant now = clock.instant();
        AuthorizationCode issued = codes.get(code);
        if (issued == null) {
            throw invalidGrant();
        }
        String earlierGrant = grantOfUsedCode.get(code);
        if (earlierGrant != null) {
            // RFC 6749 §4.1.2: a code used twice SHOULD revoke the tokens issued from it.
            revokedGrants.add(earlierGrant);
            throw invalidGrant();
        }
        if (issued.expiredAt(now)
                || !issued.clientId().equals(client.clientId())
                || (redirectUri != null && !redirectUri.equals(issued.redirectUri()))) {
            throw invalidGrant();
        }
        if (issued.pkce() != null) {
            if (verifier == null) {
                unverifiedPkceExchanges++;
            } else if (!issued.pkce().verifies(verifier)) {
                throw invalidGrant();
            }
        }
        Grant grant = new Grant(mint.grantId(), client.clientId(), issued.personId(), issued.accountIds());
        grants.put(grant.id(), grant);
        grantOfUsedCode.put(code, grant.id());
        String refreshToken = mint.refreshToken(grant.personId());
        refreshTokens.put(refreshToken, new Issued(grant.id(), refreshExpiry(now)));
        return issue(grant, now, refreshToken);
    }

    /**
     * The {@code refresh_token} grant (harvest.md §1.7, §1.8). Without rotation the same refresh token
     * stays valid and is returned again, its lifetime counted from when it was first issued. With
     * rotation a new one replaces it. When the response omits the refresh token nothing rotates: the
     * client keeps using the one it has (RFC 6749 §6).
     */
    synchronized TokenSet refresh(OAuthClient client, String refreshToken) {
        Instant now = clock.instant();
        Issued issued = refreshTokens.get(refreshToken);
        if (issued == null || !issued.liveAt(now) || revokedGrants.contains(issued.grantId())) {
            throw invalidGrant();
        }
        Grant grant = grants.get(issued.grantId());
        if (!grant.clientId().equals(client.clientId())) {
            throw invalidGrant();
        }
        if (knobs.omitRefreshTokenOnRefresh()) {
            return issue(grant, now, null);
        }
        String returned = refreshToken;
        if (knobs.rotateRefreshTokens()) {
            refreshTokens.remove(refreshToken);
            returned = mint.refreshToken(grant.personId());
            refreshTokens.put(returned, new Issued(grant.id(), refreshExpiry(now)));
        }
        return issue(grant, now, returned);
    }

    /** The grant behind a live access token; empty when unknown, expired or revoked (API 401, §1.9). */
    synchronized Optional<Grant> grantOfAccessToken(String accessToken) {
        Issued issued = accessTokens.get(accessToken);
        if (issued == null || !issued.liveAt(clock.instant()) || revokedGrants.contains(issued.grantId())) {
            return Optional.empty();
        }
        return Optional.of(grants.get(issued.grantId()));
    }

    /** The person withdraws every grant, out of band as at Harvest ID (§1.11); pending codes die too. */
    synchronized void revokePerson(long personId) {
        grants.values().stream().filter(g -> g.personId() == personId).forEach(g -> revokedGrants.add(g.id()));
        codes.values().removeIf(c -> c.personId() == personId && !grantOfUsedCode.containsKey(c.value()));
    }

    /** Code exchanges whose authorize step sent a PKCE challenge but whose token request sent no verifier. */
    synchronized long unverifiedPkceExchanges() {
        return unverifiedPkceExchanges;
    }

    /** A new access token; the response's {@code expires_in} and the token's real expiry always agree. */
    private TokenSet issue(Grant grant, Instant now, String refreshToken) {
        long expiresIn = knobs.expiresInSeconds();
        String accessToken = mint.accessToken(grant.personId());
        accessTokens.put(accessToken, new Issued(grant.id(), now.plusSeconds(expiresIn)));
        return new TokenSet(accessToken, refreshToken, expiresIn);
    }

    private Instant refreshExpiry(Instant now) {
        Duration lifetime = knobs.refreshTokenLifetime();
        return lifetime == null ? null : now.plus(lifetime);
    }

    private static Rejection invalidGrant() {
        return Rejection.oauth(400, "invalid_grant", INVALID_GRANT_DESCRIPTION);
    }
}
