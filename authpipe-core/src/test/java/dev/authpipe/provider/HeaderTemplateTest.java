package dev.authpipe.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderTemplateTest {
    private static final Map<String, String> SETTINGS = Map.of("userAgent", "Acme CRM (ops@acme.example)");

    @Test
    void rendersASettingPlaceholder() {
        assertThat(HeaderTemplate.render("{settings.userAgent}", SETTINGS, null))
                .isEqualTo("Acme CRM (ops@acme.example)");
    }

    @Test
    void rendersTheAccountPlaceholder() {
        assertThat(HeaderTemplate.render("{account}", Map.of(), "100001")).isEqualTo("100001");
    }

    @Test
    void rendersSeveralPlaceholdersAmongLiteralText() {
        assertThat(HeaderTemplate.render("app={settings.userAgent}; account={account};", SETTINGS, "42"))
                .isEqualTo("app=Acme CRM (ops@acme.example); account=42;");
    }

    @Test
    void leavesTextWithoutPlaceholdersAlone() {
        assertThat(HeaderTemplate.render("application/json", Map.of(), null)).isEqualTo("application/json");
        assertThat(HeaderTemplate.render("{not a placeholder}", Map.of(), null)).isEqualTo("{not a placeholder}");
    }

    @Test
    void insertsValuesLiterallyAndNeverEvaluatesThemAgain() {
        Map<String, String> settings = Map.of("a", "$1 \\ {account} {settings.a}");

        assertThat(HeaderTemplate.render("{settings.a}", settings, "secret-account"))
                .isEqualTo("$1 \\ {account} {settings.a}");
    }

    @Test
    void missingValuesAreRefused() {
        assertThatThrownBy(() -> HeaderTemplate.render("{settings.missing}", SETTINGS, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{settings.missing}");
        assertThatThrownBy(() -> HeaderTemplate.render("{account}", SETTINGS, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{account}");
    }

    @Test
    void unknownNamespacesAreRefused() {
        assertThatThrownBy(() -> HeaderTemplate.render("{env.HOME}", SETTINGS, "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{env.HOME}");
    }

    @Test
    void listsPlaceholdersInOrder() {
        assertThat(HeaderTemplate.placeholders("{settings.a} x {account} {settings.b_c}"))
                .containsExactly("settings.a", "account", "settings.b_c");
        assertThat(HeaderTemplate.placeholders("plain")).isEmpty();
    }
}
