package dev.authpipe.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code GET /api/v2/accounts} (and the v1 path) on Harvest ID: which person a token belongs to and
 * which accounts its grant still reaches (harvest.md §1.10). Needs no {@code Harvest-Account-Id}. An
 * empty {@code accounts} list is a live token that reaches nothing any more.
 */
final class AccountsEndpoint implements Router.Endpoint {
    private final ApiAccess access;
    private final Directory directory;

    AccountsEndpoint(ApiAccess access, Directory directory) {
        this.access = access;
        this.directory = directory;
    }

    @Override
    public Reply handle(RecordedRequest request) {
        if (ApiAccess.lacksUserAgent(request)) {
            return Reply.oauthError(400, "invalid_request", "A User-Agent header is required (harvest.md 1.12).");
        }
        Grant grant = access.grant(request);
        Person person = directory.person(grant.personId()).orElseThrow(ApiAccess::invalidToken);
        ObjectNode body = Json.object();
        body.putObject("user")
                .put("id", person.id())
                .put("first_name", person.firstName())
                .put("last_name", person.lastName())
                .put("email", person.email());
        ArrayNode accounts = body.putArray("accounts");
        for (Account account : access.reachableAccounts(grant)) {
            accounts.addObject()
                    .put("id", account.id())
                    .put("name", account.name())
                    .put("product", account.product().wireName());
        }
        return Reply.json(200, body);
    }
}
