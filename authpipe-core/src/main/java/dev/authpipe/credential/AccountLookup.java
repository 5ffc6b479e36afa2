package dev.authpipe.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authpipe.oauth.OAuthException;
import dev.authpipe.oauth.ProviderHttp;
import dev.authpipe.provider.AccountDiscovery;
import dev.authpipe.provider.Provider;
import dev.authpipe.vault.Secret;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds which provider accounts a fresh grant reaches: the ids named in the callback's
 * {@code scope}, confirmed against the provider's accounts endpoint (harvest.md §1.5, §1.10).
 * A scope that names no account, or an "all" value, means every listed account.
 */
public final class AccountLookup {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SCOPE_ENTRY_SEPARATOR = Pattern.compile("[ +]+");

    private final ProviderHttp http;

    public AccountLookup(ProviderHttp http) {
        this.http = http;
    }

    /** The accounts a grant reaches, and the provider's id for the person who granted it. */
    public record Accounts(List<String> accountIds, String providerUserId) {
        public Accounts {
            accountIds = List.copyOf(accountIds);
        }
    }

    /**
     * Lists the accounts {@code accessToken} reaches and keeps those the callback scope granted.
     *
     * @throws OAuthException if the provider refuses the token or answers in an unexpected shape
     * @throws dev.authpipe.oauth.ProviderUnavailableException for transient failures
     */
    public Accounts discover(Provider provider, Integration integration, Secret accessToken, String callbackScope) {
        AccountDiscovery spec = provider.accountDiscovery().orElseThrow();
        String url = integration.endpoint(provider, spec.endpoint()).orElseThrow();
        Map<String, String> headers = new LinkedHashMap<>(integration.requestHeaders(provider));
        headers.put("Authorization", "Bearer " + accessToken.reveal());
        headers.put("Accept", "application/json");
        ProviderHttp.Response response = http.get(url, headers);
        if (!response.isSuccess()) {
            throw new OAuthException(
                    "invalid_token",
                    response.status(),
                    "the provider refused the new token at its accounts endpoint (HTTP " + response.status() + ")");
        }
        JsonNode body = parse(response.body());
        List<String> listed = listed(spec, body);
        Set<String> named = namedInScope(spec, callbackScope);
        List<String> confirmed =
                named == null ? listed : listed.stream().filter(named::contains).toList();
        return new Accounts(confirmed, textAt(body, spec.userIdField()));
    }

    /** The account ids an accounts-endpoint body lists, kept by the provider's filter. */
    public static List<String> listed(AccountDiscovery spec, String body) {
        return listed(spec, parse(body));
    }

    private static List<String> listed(AccountDiscovery spec, JsonNode body) {
        List<String> listed = new ArrayList<>();
        for (JsonNode account : body.path(spec.listField())) {
            boolean kept = spec.filterField() == null
                    || spec.filterValue()
                            .equals(account.path(spec.filterField()).asText());
            JsonNode id = account.path(spec.idField());
            if (kept && !id.isMissingNode() && !id.isNull()) {
                listed.add(id.asText());
            }
        }
        return listed;
    }

    /** The account ids a credential's metadata names under the provider's key. */
    public static List<String> accountIdsOf(Map<String, Object> metadata, AccountDiscovery spec) {
        Object ids = metadata.get(spec.metadataKey());
        return ids instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    /** The account ids the callback scope names, or null when it means "all" or says nothing. */
    static Set<String> namedInScope(AccountDiscovery spec, String callbackScope) {
        if (callbackScope == null || callbackScope.isBlank() || spec.callbackScopePattern() == null) {
            return null;
        }
        Pattern pattern = Pattern.compile(spec.callbackScopePattern());
        Set<String> ids = new LinkedHashSet<>();
        // harvest.md §1.5: entries are space-separated and arrive form-encoded as '+'.
        for (String entry : SCOPE_ENTRY_SEPARATOR.split(callbackScope)) {
            if (spec.callbackScopeAllValues().contains(entry)) {
                return null;
            }
            Matcher m = pattern.matcher(entry);
            if (m.matches()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body == null ? "" : body);
        } catch (IOException e) {
            throw new OAuthException("invalid_response", 200, "the provider's accounts endpoint did not answer JSON");
        }
    }

    private static String textAt(JsonNode node, String dottedPath) {
        if (dottedPath == null) {
            return null;
        }
        JsonNode current = node;
        for (String part : dottedPath.split("\\.")) {
            current = current.path(part);
        }
        return current.isValueNode() && !current.isNull() ? current.asText() : null;
    }
}
