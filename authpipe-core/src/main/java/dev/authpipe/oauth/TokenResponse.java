package dev.authpipe.oauth;

import dev.authpipe.vault.Secret;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A successful token response (RFC 6749 §5.1).
 *
 * @param tokenType lower-cased (the type is case-insensitive, §5.1; Harvest sends {@code bearer})
 * @param expiresIn lifetime in seconds, or null when the provider did not say
 * @param refreshToken null when the response has none (a refresh that omits it keeps the old one)
 * @param scope the granted scope string, or null (same as requested, §5.1)
 */
public record TokenResponse(Secret accessToken, String tokenType, Long expiresIn, Secret refreshToken, String scope) {
    public TokenResponse {
        tokenType = tokenType == null ? "bearer" : tokenType.toLowerCase(Locale.ROOT);
    }

    public Optional<Duration> lifetime() {
        return Optional.ofNullable(expiresIn).map(Duration::ofSeconds);
    }

    @Override
    public String toString() {
        return "TokenResponse[type=" + tokenType + ", expiresIn=" + expiresIn + ", refreshToken="
                + (refreshToken == null ? "none" : "***") + "]";
    }
}
