package dev.authpipe.store;

import dev.authpipe.credential.Project;
import dev.authpipe.credential.ProjectStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

final class JdbcProjectStore implements ProjectStore {
    private static final String COLUMNS = "p.id, p.name, p.allowed_origins, p.created_at";

    private final Sql sql;
    private final Database db;

    JdbcProjectStore(Database db) {
        this.db = db;
        this.sql = new Sql(db);
    }

    @Override
    public void create(Project project, String secretKeyHash, String secretKeyPrefix) {
        db.inTransaction(() -> {
            sql.update(
                    "INSERT INTO projects (id, name, allowed_origins, created_at) VALUES (?, ?, ?, ?)",
                    project.id(),
                    project.name(),
                    Json.write(project.allowedOrigins()),
                    project.createdAt().toEpochMilli());
            sql.update(
                    "INSERT INTO api_keys (key_hash, project_id, key_prefix, created_at) VALUES (?, ?, ?, ?)",
                    secretKeyHash,
                    project.id(),
                    secretKeyPrefix,
                    project.createdAt().toEpochMilli());
            return null;
        });
    }

    @Override
    public Optional<Project> find(String projectId) {
        return sql.one("SELECT " + COLUMNS + " FROM projects p WHERE p.id = ?", JdbcProjectStore::map, projectId);
    }

    @Override
    public Optional<Project> findBySecretKeyHash(String secretKeyHash) {
        return sql.one(
                "SELECT " + COLUMNS + " FROM api_keys k JOIN projects p ON p.id = k.project_id"
                        + " WHERE k.key_hash = ? AND k.revoked_at IS NULL",
                JdbcProjectStore::map,
                secretKeyHash);
    }

    private static Project map(ResultSet rs) throws SQLException {
        return new Project(
                rs.getString("id"),
                rs.getString("name"),
                Json.strings(rs.getString("allowed_origins")),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}
