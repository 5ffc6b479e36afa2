package dev.authpipe.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The parameters of one authorization (harvest.md §1.4), once the client and redirect URI are
 * trusted. Read from the query on {@code GET /oauth2/authorize} and from the consent form's hidden
 * fields on {@code POST}, and validated the same way both times.
 *
 * @param redirectUri the effective redirect URI: the one sent, or the registered one when none was
 */
record AuthorizationRequest(
        OAuthClient client,
        String redirectUri,
        String responseType,
        String state,
        String scope,
        String codeChallenge,
        String codeChallengeMethod) {

    /**
     * Reads and checks what must hold before the browser may be sent anywhere: a registered client
     * and a redirect URI starting with its registered Redirect URL (harvest.md §1.2 prefix rule).
     * Otherwise a 400 page, never a redirect (RFC 6749 §4.1.2.1). A fragment is refused (§3.1.2).
     * Empty parameters count as absent.
     */
    static AuthorizationRequest read(Function<String, Optional<String>> source, Clients clients) {
        Function<String, Optional<String>> param = name -> source.apply(name).filter(value -> !value.isEmpty());
        String clientId = param.apply("client_id").orElse("");
        OAuthClient client = clients.find(clientId)
                .orElseThrow(() -> new Rejection(Html.errorPage(
                        400, "Unknown app", "No app is registered with client_id \"" + clientId + "\".")));
        String redirectUri = param.apply("redirect_uri").orElse(client.redirectUrlPrefix());
        if (!redirectUri.startsWith(client.redirectUrlPrefix()) || redirectUri.contains("#")) {
            throw new Rejection(Html.errorPage(
                    400,
                    "Invalid redirect URI",
                    "The redirect_uri \"" + redirectUri + "\" does not start with the app's registered Redirect URL \""
                            + client.redirectUrlPrefix() + "\"."));
        }
        return new AuthorizationRequest(
                client,
                redirectUri,
                param.apply("response_type").orElse(null),
                param.apply("state").orElse(null),
                param.apply("scope").orElse(null),
                param.apply("code_challenge").orElse(null),
                param.apply("code_challenge_method").orElse(null));
    }

    /** The parameters to carry through the consent form, absent ones left out. */
    Map<String, String> formFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("client_id", client.clientId());
        fields.put("response_type", responseType);
        fields.put("redirect_uri", redirectUri);
        fields.put("state", state);
        fields.put("scope", scope);
        fields.put("code_challenge", codeChallenge);
        fields.put("code_challenge_method", codeChallengeMethod);
        fields.values().removeIf(value -> value == null);
        return fields;
    }

    /** Back to the client with these parameters and the echoed {@code state}, keeping the URI's own query. */
    Reply redirect(Map<String, String> params) {
        Map<String, String> all = new LinkedHashMap<>(params);
        all.put("state", state);
        return Reply.redirect(Form.appendQuery(redirectUri, all));
    }

    /** An RFC 6749 §4.1.2.1 error redirect. */
    Reply redirectError(String error, String description) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", error);
        params.put("error_description", description);
        return redirect(params);
    }
}
