package dev.authpipe.server.connect;

import dev.authpipe.connect.CallbackCompletion;
import dev.authpipe.connect.CallbackParams;
import dev.authpipe.connect.ConnectException;
import dev.authpipe.connect.ConnectFlow;
import dev.authpipe.connect.ConnectOutcome;
import dev.authpipe.vault.Randomness;
import dev.authpipe.vault.Secret;
import io.javalin.http.Context;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The two browser endpoints of the connect flow. With browser binding on, opening a connect link
 * sets a random cookie scoped to the callback, and only that browser can finish the flow.
 */
public final class ConnectPages {
    static final String BINDING_COOKIE = "authpipe_connect";

    private final ConnectFlow flow;
    private final CallbackCompletion completion;
    private final boolean bindToBrowser;
    private final boolean secureCookies;

    public ConnectPages(ConnectFlow flow, CallbackCompletion completion, boolean bindToBrowser, boolean secureCookies) {
        this.flow = flow;
        this.completion = completion;
        this.bindToBrowser = bindToBrowser;
        this.secureCookies = secureCookies;
    }

    /** {@code GET /connect/{token}}: 302 to the provider, or an error page. */
    public void open(Context ctx) {
        PageHeaders.apply(ctx);
        URI authorize;
        String binding = bindToBrowser ? Randomness.token(32) : null;
        try {
            authorize = flow.start(ctx.pathParam("token"), binding);
        } catch (ConnectException e) {
            int status = switch (e.code()) {
                case "unknown_session" -> 404;
                case "session_used", "session_expired" -> 410;
                default -> 409;
            };
            ctx.status(status).html(OutcomePage.error(e.code(), e.getMessage(), PageHeaders.nonce(ctx)));
            return;
        }
        if (binding != null) {
            ctx.header(
                    "Set-Cookie",
                    BINDING_COOKIE + "=" + binding + "; Path=/oauth/callback; Max-Age=600; HttpOnly;" + " SameSite=Lax"
                            + (secureCookies ? "; Secure" : ""));
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
                emptyToNull(ctx.queryParam("iss")),
                ctx.cookie(BINDING_COOKIE)));
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
