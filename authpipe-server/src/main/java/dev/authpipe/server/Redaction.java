package dev.authpipe.server;

/** Makes configuration values safe to log. */
final class Redaction {
    private Redaction() {}

    /** A JDBC URL without password parameters or user info. */
    static String jdbcUrl(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//[^/@]*@", "//***@");
    }
}
