package dev.authpipe.sandbox;

import java.util.List;
import java.util.Map;

/**
 * The consent screen a newcomer clicks through: who you are, which accounts to grant, Allow or Deny.
 *
 * <p>It works without script (the CSP forbids any). Choosing another person re-requests the page with
 * {@code person_id}, a sandbox-only parameter, so the account list matches that person. The decision
 * form posts the original parameters back as hidden fields; {@link AuthorizeEndpoint} validates them
 * again. A single-account client gets radio buttons, so exactly one account is granted (harvest.md §1.2).
 */
final class ConsentPage {
    private ConsentPage() {}

    static Reply render(
            int status,
            AuthorizationRequest request,
            List<Person> people,
            Person person,
            List<Account> offered,
            String error) {
        String app = Html.escape(request.client().clientId());
        StringBuilder body = new StringBuilder();
        body.append("<h1>Authorize ").append(app).append("</h1>\n");
        body.append("<p><b>").append(app).append("</b> asks to access your Harvest data.</p>\n");
        if (error != null) {
            body.append("<p class=\"error\">").append(Html.escape(error)).append("</p>\n");
        }
        body.append("<form method=\"get\" action=\"/oauth2/authorize\">\n");
        hiddenFields(body, request.formFields());
        body.append("<label>Signed in as <select name=\"person_id\">");
        for (Person candidate : people) {
            body.append("<option value=\"").append(candidate.id()).append('"');
            body.append(candidate.id() == person.id() ? " selected>" : ">");
            body.append(Html.escape(candidate.displayName() + " (" + candidate.email() + ")"))
                    .append("</option>");
        }
        body.append("</select></label>\n<button type=\"submit\">Switch person</button>\n</form>\n");

        body.append("<form method=\"post\" action=\"/oauth2/authorize\">\n");
        hiddenFields(body, request.formFields());
        body.append("<input type=\"hidden\" name=\"person_id\" value=\"")
                .append(person.id())
                .append("\">\n");
        body.append("<fieldset><legend>")
                .append(request.client().singleAccount() ? "Account to grant" : "Accounts to grant")
                .append("</legend>\n");
        String inputType = request.client().singleAccount() ? "radio" : "checkbox";
        for (int i = 0; i < offered.size(); i++) {
            Account account = offered.get(i);
            boolean checked = !request.client().singleAccount() || i == 0;
            body.append("<label><input type=\"").append(inputType).append("\" name=\"account_id\" value=\"");
            body.append(account.id())
                    .append('"')
                    .append(checked ? " checked" : "")
                    .append("> ");
            body.append(Html.escape(account.name() + " (" + account.product().wireName() + ", " + account.id() + ")"));
            body.append("</label>\n");
        }
        if (offered.isEmpty()) {
            body.append("<p>").append(Html.escape(person.displayName()));
            body.append(" belongs to no account this app may access.</p>\n");
        }
        body.append("</fieldset>\n<button type=\"submit\" name=\"decision\" value=\"allow\"")
                .append(offered.isEmpty() ? " disabled" : "")
                .append(">Allow</button>\n");
        body.append("<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\n</form>\n");
        return Reply.html(status, Html.page("Authorize " + request.client().clientId(), body.toString()));
    }

    private static void hiddenFields(StringBuilder body, Map<String, String> fields) {
        fields.forEach((name, value) -> body.append("<input type=\"hidden\" name=\"")
                .append(Html.escape(name))
                .append("\" value=\"")
                .append(Html.escape(value))
                .append("\">\n"));
    }
}
