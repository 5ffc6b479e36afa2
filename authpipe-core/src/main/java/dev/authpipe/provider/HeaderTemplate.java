package dev.authpipe.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A header value with placeholders: {@code {settings.NAME}} (an integration setting) and
 * {@code {account}} (the credential's first account id). Rendering never evaluates anything else.
 */
public final class HeaderTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z0-9_.]+)}");

    private HeaderTemplate() {}

    /** The placeholder names used by {@code template}, e.g. {@code settings.userAgent}. */
    public static List<String> placeholders(String template) {
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * Renders {@code template}.
     *
     * @throws IllegalArgumentException if a placeholder has no value
     */
    public static String render(String template, Map<String, String> settings, String account) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value;
            if (name.equals("account")) {
                value = account;
            } else if (name.startsWith("settings.")) {
                value = settings.get(name.substring("settings.".length()));
            } else {
                value = null;
            }
            if (value == null) {
                throw new IllegalArgumentException("no value for {" + name + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
