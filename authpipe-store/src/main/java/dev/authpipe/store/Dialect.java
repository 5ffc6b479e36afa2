package dev.authpipe.store;

import java.util.Map;

/** The SQL differences between the supported databases, kept to what the schema needs. */
public enum Dialect {
    SQLITE("INTEGER PRIMARY KEY AUTOINCREMENT"),
    POSTGRESQL("BIGSERIAL PRIMARY KEY");

    private final String sequencePrimaryKey;

    Dialect(String sequencePrimaryKey) {
        this.sequencePrimaryKey = sequencePrimaryKey;
    }

    /** The dialect of a JDBC URL, or an exception naming what is supported. */
    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("must start with jdbc:sqlite: or jdbc:postgresql:");
    }

    /** Flyway placeholders the migrations use. */
    Map<String, String> placeholders() {
        return Map.of("sequence_pk", sequencePrimaryKey);
    }
}
