package dev.authpipe.server.connect;

import dev.authpipe.connect.CallbackCompletion;
import dev.authpipe.connect.CallbackParams;
import dev.authpipe.connect.ConnectException;
import dev.authpipe.connect.ConnectFlow;
import dev.authpipe.connect.ConnectOutcome;
import dev.authpipe.vault.Secret;
import io.javalin.http.Context;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** The two browser endpoints of the connect flow. */
public final class ConnectPages {
    private final ConnectFlow flow;
    private final CallbackCompletion completion;

    public ConnectPages(ConnectFlow flow, CallbackCompletion completion) {
        this.flow = flow;
        this.completion = completion;
    }

    /** {@code GET /connect/{token}}: 302 to the provider, or an error page. */
    public void open(Context ctx) {
        PageHeaders.apply(ctx);
        URI authorize;
        try {
            authorize = flow.start(ctx.pathParam("token"));
        } catch (ConnectException e) {
            int status = switch (e.code()) {
                case "unknown_session" -> 404;
                case "session_used", "session_expired" -> 410;
                default -> 409;
            };
            ctx.status(status).html(OutcomePage.error(e.code(), e.getMessage(), PageHeaders.nonce(ctx)));
            return;
        }
        ctx.redirect(authorize.toString());
    }

    /** {@code GET /oauth/callback}: finish, then post to the opener or redirect to the return URL. */
    public void callback(Context ctx) {
        PageHeaders.apply(ctx);
        Map<String, List<String>> query = ctx.queryParamMap();
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            if (e.getValue().size() > 1) {
                ctx.status(400)
                        .html(OutcomePage.error(
                                "invalid_request",
                                "The authorization response repeats the parameter '" + e.getKey() + "'.",
                                PageHeaders.nonce(ctx)));
                return;
            }
        }
        String code = ctx.queryParam("code");
        ConnectOutcome outcome = completion.complete(new CallbackParams(
                code == null || code.isEmpty() ? null : Secret.of(code),
                ctx.queryParam("state"),
                ctx.queryParam("scope"),
                emptyToNull(ctx.queryParam("error")),
                emptyToNull(ctx.queryParam("iss"))));
        if (outcome.returnUrl() != null) {
            ctx.redirect(ReturnRedirect.to(outcome));
            return;
        }
        ctx.status(outcome.isError() ? 400 : 200).html(OutcomePage.render(outcome, PageHeaders.nonce(ctx)));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
