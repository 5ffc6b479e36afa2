package dev.authpipe.connect;

/**
 * What the callback reports to the browser. Never carries token material.
 *
 * @param type {@code installed}, {@code authorized} or {@code error}
 * @param origin the session's origin for postMessage, or null
 * @param returnUrl the session's return URL, or null
 * @param error a snake_case code when {@code type} is {@code error}
 * @param message a human sentence for the page
 */
public record ConnectOutcome(
        String type,
        String provider,
        String tenantId,
        String userId,
        String origin,
        String returnUrl,
        String error,
        String message) {

    public boolean isError() {
        return "error".equals(type);
    }

    /** An error not tied to any session (unknown state): nothing may be posted or redirected. */
    static ConnectOutcome detached(String error, String message) {
        return new ConnectOutcome("error", null, null, null, null, null, error, message);
    }

    static ConnectOutcome failed(ConnectSession s, String error, String message) {
        return new ConnectOutcome(
                "error", s.provider(), s.tenantId(), s.userId(), s.origin(), s.returnUrl(), error, message);
    }
}
