package dev.authpipe.provider;

import java.net.URI;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks one provider for internal consistency; every failure names the source and field. */
final class CatalogValidator {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{1,39}");

    private final String source;
    private final Provider p;

    private CatalogValidator(String source, Provider p) {
        this.source = source;
        this.p = p;
    }

    static void validate(String source, Provider provider) {
        new CatalogValidator(source, provider).run();
    }

    private void run() {
        require(p.id() != null && ID.matcher(p.id()).matches(), "id", "must be lower-case letters, digits and '-'");
        require(p.displayName() != null && !p.displayName().isBlank(), "displayName", "is required");
        require(p.oauth() != null, "oauth", "is required");
        p.endpoints().forEach((name, url) -> requireUrl("endpoints." + name, url));
        Set<String> known = new HashSet<>(p.endpoints().keySet());
        known.addAll(p.requiredEndpoints());
        require(known.contains("authorize"), "endpoints.authorize", "is required (or list it in requiredEndpoints)");
        require(known.contains("token"), "endpoints.token", "is required (or list it in requiredEndpoints)");
        validateScopes();
        validateTemplates(p.requestHeaders(), "requestHeaders", false);
        p.settings().forEach(s -> {
            require(
                    s.name() != null && s.name().matches("[a-zA-Z][a-zA-Z0-9]*"),
                    "settings.name",
                    "must be a plain identifier");
            if (s.pattern() != null) {
                compiles("settings." + s.name() + ".pattern", s.pattern());
                require(
                        s.example() == null || s.accepts(s.example()),
                        "settings." + s.name() + ".example",
                        "does not match its pattern");
            }
        });
        p.accountDiscovery().ifPresent(a -> {
            require(a.endpoint() != null && known.contains(a.endpoint()), "accounts.endpoint", "must name an endpoint");
            require(a.listField() != null && a.idField() != null, "accounts.listField", "and idField are required");
            require(a.metadataKey() != null && !a.metadataKey().isBlank(), "accounts.metadataKey", "is required");
            if (a.callbackScopePattern() != null) {
                require(
                        compiles("accounts.callbackScopePattern", a.callbackScopePattern())
                                        .matcher("")
                                        .groupCount()
                                == 1,
                        "accounts.callbackScopePattern",
                        "must have exactly one capturing group");
            }
        });
        for (HealthCheck check : p.healthChecks()) {
            require(
                    check.endpoint() != null && known.contains(check.endpoint()),
                    "healthChecks." + check.name(),
                    "must name an endpoint");
            require("GET".equals(check.method()), "healthChecks." + check.name() + ".method", "must be GET");
            require(
                    !check.checksAccount() || p.accounts() != null,
                    "healthChecks." + check.name() + ".expectAccount",
                    "needs accounts");
            validateTemplates(check.headers(), "healthChecks." + check.name() + ".headers", true);
        }
        require(p.revocation() == null || known.contains(p.revocation()), "revocation", "must name an endpoint");
        require(
                p.refresh().defaultLead() == null || !p.refresh().defaultLead().isNegative(),
                "refresh.defaultLead",
                "must be positive");
    }

    private void validateScopes() {
        OAuthSpec o = p.oauth();
        require(!o.scopeSeparator().isEmpty(), "oauth.scopeSeparator", "must not be empty");
        o.acceptedScopePatterns().forEach(pattern -> compiles("oauth.acceptedScopePatterns", pattern));
        for (ScopeSpec s : o.scopes()) {
            require(s.name() != null && !s.name().isBlank(), "oauth.scopes.name", "is required");
        }
        for (String scope : o.defaultScopes()) {
            require(o.accepts(scope), "oauth.defaultScopes", "'" + scope + "' is not an accepted scope");
        }
    }

    private void validateTemplates(Map<String, String> headers, String field, boolean accountAllowed) {
        headers.forEach((name, template) -> {
            for (String placeholder : HeaderTemplate.placeholders(template)) {
                boolean ok = (accountAllowed && placeholder.equals("account"))
                        || (placeholder.startsWith("settings.")
                                && p.setting(placeholder.substring("settings.".length()))
                                        .isPresent());
                require(ok, field + "." + name, "uses unknown placeholder {" + placeholder + "}");
            }
        });
    }

    private Pattern compiles(String field, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new CatalogException(source + ": " + field + " is not a valid regular expression");
        }
    }

    private void requireUrl(String field, String url) {
        require(url != null, field, "must be an absolute http(s) URL without a fragment");
        try {
            URI uri = new URI(url);
            require(
                    uri.isAbsolute()
                            && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                            && uri.getRawFragment() == null,
                    field,
                    "must be an absolute http(s) URL without a fragment");
        } catch (java.net.URISyntaxException e) {
            throw new CatalogException(source + ": " + field + " must be an absolute http(s) URL");
        }
    }

    private void require(boolean condition, String field, String problem) {
        if (!condition) {
            throw new CatalogException(source + ": " + field + " " + problem);
        }
    }
}
