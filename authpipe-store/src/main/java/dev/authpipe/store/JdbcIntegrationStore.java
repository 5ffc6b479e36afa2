package dev.authpipe.store;

import dev.authpipe.credential.Integration;
import dev.authpipe.credential.IntegrationStore;
import dev.authpipe.vault.Sealed;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

final class JdbcIntegrationStore implements IntegrationStore {
    private static final String COLUMNS = "project_id, provider, client_id, client_secret, scopes, endpoint_overrides,"
            + " settings, created_at, updated_at";

    private final Sql sql;

    JdbcIntegrationStore(Database db) {
        this.sql = new Sql(db);
    }

    @Override
    public Integration upsert(Integration i) {
        sql.update(
                "INSERT INTO integrations (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (project_id, provider) DO UPDATE SET client_id = excluded.client_id,"
                        + " client_secret = excluded.client_secret, scopes = excluded.scopes,"
                        + " endpoint_overrides = excluded.endpoint_overrides, settings = excluded.settings,"
                        + " updated_at = excluded.updated_at",
                i.projectId(),
                i.provider(),
                i.clientId(),
                i.clientSecret().toText(),
                Json.write(i.scopes()),
                Json.write(i.endpointOverrides()),
                Json.write(i.settings()),
                i.createdAt().toEpochMilli(),
                i.updatedAt().toEpochMilli());
        return find(i.projectId(), i.provider()).orElseThrow();
    }

    @Override
    public Optional<Integration> find(String projectId, String provider) {
        return sql.one(
                "SELECT " + COLUMNS + " FROM integrations WHERE project_id = ? AND provider = ?",
                JdbcIntegrationStore::map,
                projectId,
                provider);
    }

    @Override
    public List<Integration> list(String projectId) {
        return sql.list(
                "SELECT " + COLUMNS + " FROM integrations WHERE project_id = ? ORDER BY provider",
                JdbcIntegrationStore::map,
                projectId);
    }

    @Override
    public boolean delete(String projectId, String provider) {
        return sql.update("DELETE FROM integrations WHERE project_id = ? AND provider = ?", projectId, provider) > 0;
    }

    private static Integration map(ResultSet rs) throws SQLException {
        return new Integration(
                rs.getString("project_id"),
                rs.getString("provider"),
                rs.getString("client_id"),
                Sealed.fromText(rs.getString("client_secret")),
                Json.strings(rs.getString("scopes")),
                Json.stringMap(rs.getString("endpoint_overrides")),
                Json.stringMap(rs.getString("settings")),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}
