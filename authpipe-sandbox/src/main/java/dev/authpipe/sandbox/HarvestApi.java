package dev.authpipe.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * The two {@code api.harvestapp.com} calls the broker's health check makes (harvest.md §1.12, §1.14):
 * {@code GET /v2/users/me} and {@code GET /v2/company}, both scoped to one account.
 *
 * <p>Order of checks: no User-Agent → 400 (documented); bad, expired or revoked token → 401; no
 * account id → 401 {@code invalid_token}, which is what Harvest answered in
 * googleworkspace/apps-script-oauth2 issue #90; an account the grant does not cover, that the person
 * left, or that is not a Harvest-product account → 403 (harvest.md §1.9 allows 401/403 [inf]).
 */
final class HarvestApi {
    /** A fixed timestamp for {@code created_at}/{@code updated_at}: stable output for tests. */
    private static final String SINCE = "2020-01-06T09:00:00Z";

    private final ApiAccess access;
    private final Directory directory;

    HarvestApi(ApiAccess access, Directory directory) {
        this.access = access;
        this.directory = directory;
    }

    private record Member(Person person, Account account, Role role) {}

    Reply usersMe(RecordedRequest request) {
        Member member = member(request);
        Person person = member.person();
        ObjectNode user = Json.object()
                .put("id", person.id())
                .put("first_name", person.firstName())
                .put("last_name", person.lastName())
                .put("email", person.email())
                .put("telephone", "")
                .put("timezone", "Eastern Time (US & Canada)")
                .put("has_access_to_all_future_projects", member.role() == Role.ADMINISTRATOR)
                .put("is_contractor", false)
                .put("is_active", true)
                .put("weekly_capacity", 126_000)
                .put("default_hourly_rate", 100.0)
                .put("cost_rate", 50.0);
        user.putArray("roles");
        user.putArray("access_roles").add(member.role().wireName());
        return Reply.json(
                200,
                user.put("avatar_url", "https://sandbox.invalid/avatars/" + person.id() + ".png")
                        .put("created_at", SINCE)
                        .put("updated_at", SINCE));
    }

    Reply company(RecordedRequest request) {
        Account account = member(request).account();
        String domain = account.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + ".harvestapp.com";
        return Reply.json(
                200,
                Json.object()
                        .put("base_uri", "https://" + domain)
                        .put("full_domain", domain)
                        .put("name", account.name())
                        .put("is_active", true)
                        .put("week_start_day", "Monday")
                        .put("wants_timestamp_timers", false)
                        .put("time_format", "hours_minutes")
                        .put("date_format", "%Y-%m-%d")
                        .put("plan_type", "sponsored")
                        .put("clock", "24h")
                        .put("currency", "USD")
                        .put("weekly_capacity", 126_000)
                        .put("expense_feature", true)
                        .put("invoice_feature", true)
                        .put("estimate_feature", true)
                        .put("approval_feature", true)
                        .put("team_feature", true));
    }

    private Member member(RecordedRequest request) {
        if (ApiAccess.lacksUserAgent(request)) {
            throw new Rejection(Reply.message(400, "A User-Agent header is required (harvest.md 1.12)."));
        }
        Grant grant = access.grant(request);
        long accountId = accountId(request);
        Account account = access.reachableAccounts(grant).stream()
                .filter(a -> a.id() == accountId && a.product() == Product.HARVEST)
                .findFirst()
                .orElseThrow(() -> new Rejection(
                        Reply.message(403, "The token's grant does not reach Harvest account " + accountId + ".")));
        Person person = directory.person(grant.personId()).orElseThrow(ApiAccess::invalidToken);
        Role role = directory.role(person.id(), accountId).orElseThrow(ApiAccess::invalidToken);
        return new Member(person, account, role);
    }

    /** {@code Harvest-Account-Id}, or the {@code account_id} query parameter (harvest.md §1.12). */
    private static long accountId(RecordedRequest request) {
        String raw = request.header("Harvest-Account-Id")
                .or(() -> request.queryParam("account_id"))
                .map(String::trim)
                .orElse("");
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ApiAccess.invalidToken();
        }
    }
}
