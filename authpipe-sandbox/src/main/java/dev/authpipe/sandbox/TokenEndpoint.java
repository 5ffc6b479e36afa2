package dev.authpipe.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.authpipe.sandbox.RecordedRequest.BodyFormat;
import java.net.URLDecoder;
import java.util.Base64;
import java.util.Optional;

/**
 * {@code POST /api/v2/oauth2/token} and its {@code /api/v1/} alias (harvest.md §1.3, §1.6, §1.7).
 *
 * <p>Accepts form and JSON bodies alike (§1.6: working clients post both). Client credentials come in
 * the body as Harvest documents, or as HTTP Basic (RFC 6749 §2.3.1), which Basic wins when both are
 * sent. Errors are RFC 6749 §5.2 bodies: 400 {@code invalid_request}, {@code invalid_grant}, {@code
 * unsupported_grant_type}; 401 {@code invalid_client}.
 */
final class TokenEndpoint implements Router.Endpoint {
    /** Doorkeeper's text for {@code invalid_client} (harvest.md §1.9). */
    static final String INVALID_CLIENT_DESCRIPTION = "Client authentication failed due to unknown client, "
            + "no client authentication included, or unsupported authentication method.";

    private final Clients clients;
    private final Grants grants;
    private final Gate gate;

    TokenEndpoint(Clients clients, Grants grants, Gate gate) {
        this.clients = clients;
        this.grants = grants;
        this.gate = gate;
    }

    @Override
    public Reply handle(RecordedRequest request) {
        if (ApiAccess.lacksUserAgent(request)) {
            throw invalidRequest("A User-Agent header is required (harvest.md 1.6, 1.12).");
        }
        if (request.bodyFormat() == BodyFormat.UNREADABLE_JSON) {
            throw invalidRequest("The JSON body must be an object of parameters.");
        }
        if (request.bodyFormat() == BodyFormat.OTHER) {
            throw invalidRequest("Send the parameters as application/x-www-form-urlencoded or application/json.");
        }
        OAuthClient client = authenticate(request);
        String grantType = required(request, "grant_type");
        TokenSet tokens = switch (grantType) {
            case "authorization_code" ->
                grants.exchangeCode(
                        client,
                        required(request, "code"),
                        optional(request, "redirect_uri").orElse(null),
                        optional(request, "code_verifier").orElse(null));
            case "refresh_token" -> grants.refresh(client, required(request, "refresh_token"));
            default ->
                throw Rejection.oauth(400, "unsupported_grant_type", "The authorization grant type is not supported.");
        };
        gate.pass();
        return Reply.json(200, tokens.toJson());
    }

    private OAuthClient authenticate(RecordedRequest request) {
        Optional<String> basic = request.header("Authorization")
                .map(String::trim)
                .filter(value -> value.regionMatches(true, 0, "Basic ", 0, 6));
        if (basic.isPresent()) {
            String[] credentials = basicCredentials(basic.get().substring(6).trim());
            return clients.authenticate(credentials[0], credentials[1]).orElseThrow(() -> invalidClient(true));
        }
        return clients.authenticate(
                        optional(request, "client_id").orElse(null),
                        optional(request, "client_secret").orElse(null))
                .orElseThrow(() -> invalidClient(false));
    }

    /** RFC 6749 §2.3.1: {@code base64(urlencode(id) ":" urlencode(secret))}. */
    private static String[] basicCredentials(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidClient(true);
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw invalidClient(true);
        }
        return new String[] {
            URLDecoder.decode(decoded.substring(0, colon), UTF_8),
            URLDecoder.decode(decoded.substring(colon + 1), UTF_8)
        };
    }

    /** RFC 6749 §5.2: a client that tried HTTP Basic gets the challenge header with its 401. */
    private static Rejection invalidClient(boolean triedBasic) {
        Reply reply = Reply.oauthError(401, "invalid_client", INVALID_CLIENT_DESCRIPTION);
        return new Rejection(
                triedBasic ? reply.withHeader("WWW-Authenticate", "Basic realm=\"Harvest sandbox\"") : reply);
    }

    private static String required(RecordedRequest request, String name) {
        return optional(request, name).orElseThrow(() -> invalidRequest("Missing required parameter: " + name + "."));
    }

    private static Optional<String> optional(RecordedRequest request, String name) {
        return request.bodyParam(name).filter(value -> !value.isEmpty());
    }

    private static Rejection invalidRequest(String description) {
        return Rejection.oauth(400, "invalid_request", description);
    }
}
