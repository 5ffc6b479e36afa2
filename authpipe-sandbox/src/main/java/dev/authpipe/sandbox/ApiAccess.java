package dev.authpipe.sandbox;

import java.util.List;
import java.util.Optional;

/**
 * The checks every bearer-token call shares (harvest.md §1.10, §1.12): a User-Agent, a bearer token
 * that is live and unrevoked, and a grant narrowed to the accounts its person still belongs to.
 */
final class ApiAccess {
    /** Doorkeeper's {@code invalid_token} text, as Harvest answers a bad token (harvest.md §1.9). */
    static final String INVALID_TOKEN_DESCRIPTION =
            "The access token provided is expired, revoked, malformed or invalid for other reasons.";

    private final Grants grants;
    private final Directory directory;

    ApiAccess(Grants grants, Directory directory) {
        this.grants = grants;
        this.directory = directory;
    }

    /** Harvest answers 400 without a User-Agent (§1.12); a blank one counts as missing. */
    static boolean lacksUserAgent(RecordedRequest request) {
        return request.header("User-Agent").map(String::isBlank).orElse(true);
    }

    /** The grant behind the request's token, or a 401 {@link Rejection}. */
    Grant grant(RecordedRequest request) {
        Grant grant = bearerToken(request).flatMap(grants::grantOfAccessToken).orElseThrow(ApiAccess::invalidToken);
        if (directory.person(grant.personId()).isEmpty()) {
            throw invalidToken();
        }
        return grant;
    }

    /** The granted accounts the person still belongs to, in grant order. */
    List<Account> reachableAccounts(Grant grant) {
        return grant.accountIds().stream()
                .filter(id -> directory.role(grant.personId(), id).isPresent())
                .flatMap(id -> directory.account(id).stream())
                .toList();
    }

    /**
     * {@code Authorization: Bearer …} with the scheme in any case (RFC 6750 §2.1 via RFC 7235), or
     * Harvest's {@code access_token} query parameter (§1.12).
     */
    static Optional<String> bearerToken(RecordedRequest request) {
        Optional<String> header = request.header("Authorization").map(String::trim);
        if (header.isPresent()) {
            String value = header.get();
            int space = value.indexOf(' ');
            if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
                return Optional.empty();
            }
            String token = value.substring(space + 1).trim();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        }
        return request.queryParam("access_token").filter(token -> !token.isEmpty());
    }

    static Rejection invalidToken() {
        return new Rejection(Reply.oauthError(401, "invalid_token", INVALID_TOKEN_DESCRIPTION)
                .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\""));
    }
}
