package dev.authpipe.sandbox;

/**
 * Ends a request early with a ready {@link Reply}: validation steps throw it so endpoints read as the
 * happy path, and the {@link Router} sends its reply. Carries no stack trace; it is not a failure of
 * the sandbox.
 */
final class Rejection extends RuntimeException {
    private final transient Reply reply;

    Rejection(Reply reply) {
        super("HTTP " + reply.status(), null, false, false);
        this.reply = reply;
    }

    static Rejection oauth(int status, String error, String description) {
        return new Rejection(Reply.oauthError(status, error, description));
    }

    Reply reply() {
        return reply;
    }
}
