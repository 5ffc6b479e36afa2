package dev.authpipe.server.connect;

import dev.authpipe.connect.ConnectOutcome;
import dev.authpipe.oauth.FormEncoding;
import java.util.LinkedHashMap;
import java.util.Map;

/** The return-URL form of an outcome: the same fields as the postMessage payload, in the query. */
final class ReturnRedirect {
    private ReturnRedirect() {}

    static String to(ConnectOutcome outcome) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("source", "authpipe");
        params.put("type", outcome.type());
        params.put("provider", outcome.provider());
        params.put("tenantId", outcome.tenantId());
        params.put("userId", outcome.userId());
        params.put("error", outcome.error());
        return FormEncoding.appendQuery(outcome.returnUrl(), params).toString();
    }
}
