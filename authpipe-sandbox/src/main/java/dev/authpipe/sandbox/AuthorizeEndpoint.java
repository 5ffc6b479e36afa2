package dev.authpipe.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET} and {@code POST /oauth2/authorize} on Harvest ID (harvest.md §1.4, §1.5, §1.15.1).
 *
 * <p>{@code GET} validates the request, then consents at once when a test or the options decided in
 * advance ({@link Knobs#takeConsent()}), or shows the {@link ConsentPage}. {@code POST} receives that
 * page's decision. Both end in a redirect to the client: {@code ?code&scope&state} on success, with
 * {@code scope} naming the granted accounts space-separated (form-encoded as {@code +}), or an RFC 6749
 * §4.1.2.1 {@code error}.
 */
final class AuthorizeEndpoint {
    private final Clients clients;
    private final Directory directory;
    private final Grants grants;
    private final Knobs knobs;

    AuthorizeEndpoint(Clients clients, Directory directory, Grants grants, Knobs knobs) {
        this.clients = clients;
        this.directory = directory;
        this.grants = grants;
        this.knobs = knobs;
    }

    Reply show(RecordedRequest http) {
        AuthorizationRequest request = AuthorizationRequest.read(http::queryParam, clients);
        Pkce pkce = protocolChecks(request);
        if (knobs.takeDenyNext()) {
            return request.redirectError("access_denied", "The resource owner denied the request.");
        }
        Consent consent = knobs.takeConsent();
        if (consent != null) {
            return consentInAdvance(request, consent, pkce);
        }
        Person person = http.queryParam("person_id")
                .flatMap(id -> directory.person(parseId(id)))
                .or(() -> directory.people().stream().findFirst())
                .orElseThrow(() -> new Rejection(Html.errorPage(500, "No people", "The sandbox directory is empty.")));
        return ConsentPage.render(200, request, directory.people(), person, offered(person.id(), request), null);
    }

    Reply decide(RecordedRequest http) {
        AuthorizationRequest request = AuthorizationRequest.read(http::bodyParam, clients);
        Pkce pkce = protocolChecks(request);
        if (!"allow".equals(http.bodyParam("decision").orElse(""))) {
            return request.redirectError("access_denied", "The resource owner denied the request.");
        }
        Person person = http.bodyParam("person_id")
                .flatMap(id -> directory.person(parseId(id)))
                .orElseThrow(() -> new Rejection(Html.errorPage(400, "Unknown person", "Choose a listed person.")));
        List<Account> offered = offered(person.id(), request);
        List<Account> chosen = new ArrayList<>();
        for (String id : http.bodyParams("account_id")) {
            long accountId = parseId(id);
            Optional<Account> account =
                    offered.stream().filter(a -> a.id() == accountId).findFirst();
            if (account.isEmpty()) {
                return ConsentPage.render(400, request, directory.people(), person, offered, "Unknown account " + id);
            }
            chosen.add(account.get());
        }
        if (chosen.isEmpty() || (request.client().singleAccount() && chosen.size() > 1)) {
            String error = request.client().singleAccount() ? "Choose one account." : "Choose at least one account.";
            return ConsentPage.render(400, request, directory.people(), person, offered, error);
        }
        return issue(request, person.id(), chosen, pkce);
    }

    /**
     * Checks that may be answered by redirect (the client is trusted by now): {@code response_type}
     * must be {@code code}, and a PKCE method must be S256 or plain (RFC 7636 §4.4.1).
     */
    private static Pkce protocolChecks(AuthorizationRequest request) {
        if (request.responseType() == null) {
            throw new Rejection(request.redirectError("invalid_request", "Missing required parameter: response_type."));
        }
        if (!"code".equals(request.responseType())) {
            throw new Rejection(request.redirectError(
                    "unsupported_response_type", "The sandbox supports only response_type=code."));
        }
        try {
            return Pkce.from(request.codeChallenge(), request.codeChallengeMethod())
                    .orElse(null);
        } catch (IllegalArgumentException e) {
            throw new Rejection(
                    request.redirectError("invalid_request", "code_challenge_method must be S256 or plain."));
        }
    }

    private Reply consentInAdvance(AuthorizationRequest request, Consent consent, Pkce pkce) {
        if (directory.person(consent.personId()).isEmpty()) {
            return request.redirectError("access_denied", "Unknown person " + consent.personId() + ".");
        }
        List<Account> accounts = consent.accountIds().isEmpty()
                ? offered(consent.personId(), request)
                : consent.accountIds().stream()
                        .flatMap(id -> directory.account(id).stream())
                        .toList();
        if (accounts.isEmpty()) {
            return request.redirectError("access_denied", "The person has no account to grant.");
        }
        return issue(
                request,
                consent.personId(),
                request.client().singleAccount() ? accounts.subList(0, 1) : accounts,
                pkce);
    }

    private Reply issue(AuthorizationRequest request, long personId, List<Account> accounts, Pkce pkce) {
        List<Long> ids = accounts.stream().map(Account::id).toList();
        String code = grants.issueCode(request.client(), request.redirectUri(), personId, ids, pkce);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("code", code);
        params.put("scope", Scope.granted(accounts, knobs.scopeAsHarvestAll()));
        return request.redirect(params);
    }

    /** The person's accounts the requested scope lets this consent grant. */
    private List<Account> offered(long personId, AuthorizationRequest request) {
        return directory.accountsOf(personId).stream()
                .filter(account -> Scope.offers(request.scope(), account))
                .toList();
    }

    private static long parseId(String raw) {
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new Rejection(Html.errorPage(400, "Bad request", "Not a number: " + raw));
        }
    }
}
