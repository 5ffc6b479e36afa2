package dev.authpipe.credential;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class OriginsTest {

    @ParameterizedTest
    @CsvSource({
        "https://app.acme.example, https://app.acme.example",
        "https://app.acme.example/, https://app.acme.example",
        "HTTPS://App.Acme.EXAMPLE, https://app.acme.example",
        "https://app.acme.example:443, https://app.acme.example",
        "http://app.acme.example:80, http://app.acme.example",
        "https://app.acme.example:8443, https://app.acme.example:8443",
        "http://app.acme.example:443, http://app.acme.example:443",
        "https://app.acme.example:80, https://app.acme.example:80",
        "http://localhost:3000, http://localhost:3000",
        "http://127.0.0.1:5173, http://127.0.0.1:5173",
        "http://[::1]:8080, http://[::1]:8080"
    })
    void parsesAndNormalisesOrigins(String input, String origin) {
        assertThat(Origins.parseOrigin(input)).contains(origin);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "null",
                "app.acme.example",
                "//app.acme.example",
                "https://app.acme.example/path",
                "https://app.acme.example/?x=1",
                "https://app.acme.example?x=1",
                "https://app.acme.example#frag",
                "https://user:pw@app.acme.example",
                "https://user@app.acme.example",
                "ftp://app.acme.example",
                "javascript:alert(1)",
                "data:text/html,hi",
                "file:///etc/passwd",
                "https://",
                "https://app acme.example",
                "chrome-extension://abcdef"
            })
    void rejectsWhatIsNotAnOrigin(String input) {
        assertThat(Origins.parseOrigin(input)).isEmpty();
    }

    @Test
    void rejectsOverlongInput() {
        assertThat(Origins.parseOrigin("https://" + "a".repeat(2100) + ".example"))
                .isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "https://app.acme.example/settings/integrations?tab=harvest, https://app.acme.example",
        "HTTP://LOCALHOST:3000/callback, http://localhost:3000",
        "https://app.acme.example:443/x, https://app.acme.example"
    })
    void originOfUrlDropsPathAndQuery(String url, String origin) {
        assertThat(Origins.originOfUrl(url)).contains(origin);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/relative/path",
                "https://user:pw@app.acme.example/x",
                "https://app.acme.example/x#frag",
                "javascript:alert(document.domain)",
                "mailto:ops@acme.example"
            })
    void originOfUrlRejectsWhatIsNotAnAbsoluteHttpUrl(String url) {
        assertThat(Origins.originOfUrl(url)).isEmpty();
    }
}
