package dev.authpipe.store;

import java.util.Map;

/** The SQL differences between the supported databases, kept to what the schema needs. */
public enum Dialect {
    SQLITE(
            "INTEGER PRIMARY KEY AUTOINCREMENT",
            "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)",
            "(abs(random()) % 21600000)"),
    POSTGRESQL(
            "BIGSERIAL PRIMARY KEY",
            "CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT)",
            "CAST(random() * 21600000 AS BIGINT)");

    private final String sequencePrimaryKey;
    private final String nowMillis;
    private final String randomSixHoursMillis;

    Dialect(String sequencePrimaryKey, String nowMillis, String randomSixHoursMillis) {
        this.sequencePrimaryKey = sequencePrimaryKey;
        this.nowMillis = nowMillis;
        this.randomSixHoursMillis = randomSixHoursMillis;
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
        return Map.of(
                "sequence_pk", sequencePrimaryKey,
                "now_millis", nowMillis,
                "random_six_hours_millis", randomSixHoursMillis);
    }
}
