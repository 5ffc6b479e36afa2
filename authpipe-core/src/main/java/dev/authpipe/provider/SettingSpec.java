package dev.authpipe.provider;

import java.util.regex.Pattern;

/**
 * A provider setting an integration supplies, such as Harvest's {@code userAgent}.
 *
 * @param pattern a regular expression the whole value must match, or null
 * @param example a valid value shown in errors and docs
 */
public record SettingSpec(String name, Boolean required, String description, String pattern, String example) {
    public SettingSpec {
        required = required != null && required;
    }

    public boolean isRequired() {
        return required;
    }

    public boolean accepts(String value) {
        return pattern == null || Pattern.matches(pattern, value);
    }
}
