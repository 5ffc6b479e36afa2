package dev.authpipe.server;

/** Bad configuration: the message is one line that names the variable and never echoes a secret. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
