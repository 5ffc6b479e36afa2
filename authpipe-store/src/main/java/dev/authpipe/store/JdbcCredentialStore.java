package dev.authpipe.store;

import dev.authpipe.credential.Credential;
import dev.authpipe.credential.CredentialKey;
import dev.authpipe.credential.CredentialStatus;
import dev.authpipe.credential.CredentialStore;
import dev.authpipe.credential.InstallationQuery;
import dev.authpipe.credential.RefreshState;
import dev.authpipe.vault.Sealed;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials keyed by (project, provider, tenant, credential_for, user_id); an installation's
 * user_id is the empty string so the key can be a primary key on both databases.
 */
final class JdbcCredentialStore implements CredentialStore {
    private static final String COLUMNS = "id, project_id, provider, tenant_id, credential_for, user_id, status,"
            + " access_token, refresh_token, token_type, expires_at, scopes, metadata, created_at, updated_at,"
            + " refreshed_at, version, next_refresh_at, refresh_failures, retry_at, last_error";

    private final Sql sql;
    private final Database db;

    JdbcCredentialStore(Database db) {
        this.db = db;
        this.sql = new Sql(db);
    }

    @Override
    public Optional<Credential> find(CredentialKey key) {
        return sql.one(
                "SELECT " + COLUMNS + " FROM credentials WHERE " + CredentialKeys.WHERE,
                JdbcCredentialStore::map,
                CredentialKeys.params(key));
    }

    @Override
    public Credential upsert(Credential c) {
        CredentialKey k = c.key();
        sql.update(
                "INSERT INTO credentials (" + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (project_id, provider, tenant_id, credential_for, user_id) DO UPDATE SET"
                        + " id = excluded.id, status = excluded.status, access_token = excluded.access_token,"
                        + " refresh_token = excluded.refresh_token, token_type = excluded.token_type,"
                        + " expires_at = excluded.expires_at, scopes = excluded.scopes, metadata = excluded.metadata,"
                        + " created_at = excluded.created_at, updated_at = excluded.updated_at,"
                        + " refreshed_at = excluded.refreshed_at, version = credentials.version + 1,"
                        + " next_refresh_at = excluded.next_refresh_at, refresh_failures = excluded.refresh_failures,"
                        + " retry_at = excluded.retry_at, last_error = excluded.last_error, lease_owner = NULL,"
                        + " lease_until = NULL",
                c.id(),
                k.projectId(),
                k.provider(),
                k.tenantId(),
                k.credentialFor().wire(),
                CredentialKeys.userColumn(k),
                c.status().wire(),
                c.accessToken().toText(),
                c.refreshToken() == null ? null : c.refreshToken().toText(),
                c.tokenType(),
                millis(c.expiresAt()),
                Json.write(c.scopes()),
                Json.write(c.metadata()),
                c.createdAt().toEpochMilli(),
                c.updatedAt().toEpochMilli(),
                millis(c.refreshedAt()),
                c.version(),
                millis(c.refresh().nextRefreshAt()),
                c.refresh().failures(),
                millis(c.refresh().retryAt()),
                c.refresh().lastError());
        return find(k).orElseThrow();
    }

    @Override
    public boolean update(Credential c, long expectedVersion) {
        CredentialKey k = c.key();
        return sql.update(
                        "UPDATE credentials SET status = ?, access_token = ?, refresh_token = ?, token_type = ?,"
                                + " expires_at = ?, scopes = ?, metadata = ?, updated_at = ?, refreshed_at = ?,"
                                + " next_refresh_at = ?, refresh_failures = ?, retry_at = ?, last_error = ?,"
                                + " version = version + 1 WHERE " + CredentialKeys.WHERE
                                + " AND id = ? AND version = ?",
                        c.status().wire(),
                        c.accessToken().toText(),
                        c.refreshToken() == null ? null : c.refreshToken().toText(),
                        c.tokenType(),
                        millis(c.expiresAt()),
                        Json.write(c.scopes()),
                        Json.write(c.metadata()),
                        c.updatedAt().toEpochMilli(),
                        millis(c.refreshedAt()),
                        millis(c.refresh().nextRefreshAt()),
                        c.refresh().failures(),
                        millis(c.refresh().retryAt()),
                        c.refresh().lastError(),
                        k.projectId(),
                        k.provider(),
                        k.tenantId(),
                        k.credentialFor().wire(),
                        CredentialKeys.userColumn(k),
                        c.id(),
                        expectedVersion)
                == 1;
    }

    @Override
    public boolean delete(CredentialKey key) {
        return sql.update("DELETE FROM credentials WHERE " + CredentialKeys.WHERE, CredentialKeys.params(key)) > 0;
    }

    @Override
    public int deleteInstallation(CredentialKey key) {
        return sql.update(
                "DELETE FROM credentials WHERE project_id = ? AND provider = ? AND tenant_id = ?",
                key.projectId(),
                key.provider(),
                key.tenantId());
    }

    @Override
    public List<Credential> listInstallations(String projectId, InstallationQuery q) {
        StringBuilder where = new StringBuilder("project_id = ? AND credential_for = 'installation'");
        List<Object> params = new ArrayList<>(List.of(projectId));
        if (q.provider() != null) {
            where.append(" AND provider = ?");
            params.add(q.provider());
        }
        if (q.tenantId() != null) {
            where.append(" AND tenant_id = ?");
            params.add(q.tenantId());
        }
        if (q.status() != null) {
            where.append(" AND status = ?");
            params.add(q.status().wire());
        }
        if (q.after() != null) {
            where.append(" AND (provider > ? OR (provider = ? AND tenant_id > ?))");
            params.add(q.after().provider());
            params.add(q.after().provider());
            params.add(q.after().tenantId());
        }
        params.add(q.limit());
        return sql.list(
                "SELECT " + COLUMNS + " FROM credentials WHERE " + where + " ORDER BY provider, tenant_id LIMIT ?",
                JdbcCredentialStore::map,
                params.toArray());
    }

    @Override
    public List<Credential> listUsers(CredentialKey key, String afterUserId, int limit) {
        return sql.list(
                "SELECT " + COLUMNS + " FROM credentials WHERE project_id = ? AND provider = ? AND tenant_id = ?"
                        + " AND credential_for = 'user' AND user_id > ? ORDER BY user_id LIMIT ?",
                JdbcCredentialStore::map,
                key.projectId(),
                key.provider(),
                key.tenantId(),
                afterUserId == null ? "" : afterUserId,
                limit);
    }

    @Override
    public boolean tenantHasCredentials(String projectId, String tenantId) {
        return sql.one(
                        "SELECT 1 FROM credentials WHERE project_id = ? AND tenant_id = ? LIMIT 1",
                        rs -> 1,
                        projectId,
                        tenantId)
                .isPresent();
    }

    @Override
    public List<CredentialKey> due(Instant now, int limit) {
        return sql.list(
                "SELECT project_id, provider, tenant_id, credential_for, user_id FROM credentials"
                        + " WHERE next_refresh_at IS NOT NULL AND next_refresh_at <= ?"
                        + " AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_refresh_at LIMIT ?",
                CredentialKeys::read,
                now.toEpochMilli(),
                now.toEpochMilli(),
                limit);
    }

    @Override
    public List<CredentialKey> claimDue(Instant now, int limit, String owner, Instant until) {
        return db.inTransaction(() -> {
            List<CredentialKey> claimed = new ArrayList<>();
            for (CredentialKey key : due(now, limit)) {
                if (acquireLease(key, owner, until, now)) {
                    claimed.add(key);
                }
            }
            return claimed;
        });
    }

    @Override
    public boolean acquireLease(CredentialKey key, String owner, Instant until, Instant now) {
        List<Object> params = new ArrayList<>(List.of(owner, until.toEpochMilli()));
        params.addAll(List.of(CredentialKeys.params(key)));
        params.add(now.toEpochMilli());
        params.add(owner);
        return sql.update(
                        "UPDATE credentials SET lease_owner = ?, lease_until = ? WHERE " + CredentialKeys.WHERE
                                + " AND (lease_until IS NULL OR lease_until < ? OR lease_owner = ?)",
                        params.toArray())
                == 1;
    }

    @Override
    public boolean renewLease(CredentialKey key, String owner, Instant until) {
        List<Object> params = new ArrayList<>(List.of(until.toEpochMilli()));
        params.addAll(List.of(CredentialKeys.params(key)));
        params.add(owner);
        return sql.update(
                        "UPDATE credentials SET lease_until = ? WHERE " + CredentialKeys.WHERE + " AND lease_owner = ?",
                        params.toArray())
                == 1;
    }

    @Override
    public void releaseLease(CredentialKey key, String owner) {
        List<Object> params = new ArrayList<>(List.of(CredentialKeys.params(key)));
        params.add(owner);
        sql.update(
                "UPDATE credentials SET lease_owner = NULL, lease_until = NULL WHERE " + CredentialKeys.WHERE
                        + " AND lease_owner = ?",
                params.toArray());
    }

    @Override
    public long countDue(Instant now) {
        return sql.one(
                        "SELECT COUNT(*) FROM credentials WHERE next_refresh_at IS NOT NULL AND next_refresh_at <= ?",
                        rs -> rs.getLong(1),
                        now.toEpochMilli())
                .orElse(0L);
    }

    @Override
    public Map<CredentialStatus, Long> countByStatus() {
        Map<CredentialStatus, Long> counts = new EnumMap<>(CredentialStatus.class);
        for (CredentialStatus status : CredentialStatus.values()) {
            counts.put(status, 0L);
        }
        for (Map.Entry<String, Long> row : sql.list(
                "SELECT status, COUNT(*) FROM credentials GROUP BY status",
                rs -> Map.entry(rs.getString(1), rs.getLong(2)))) {
            CredentialStatus.parse(row.getKey()).ifPresent(status -> counts.put(status, row.getValue()));
        }
        return counts;
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static Credential map(ResultSet rs) throws SQLException {
        String refresh = rs.getString("refresh_token");
        return new Credential(
                rs.getString("id"),
                CredentialKeys.read(rs),
                CredentialStatus.parse(rs.getString("status")).orElseThrow(),
                Sealed.fromText(rs.getString("access_token")),
                refresh == null ? null : Sealed.fromText(refresh),
                rs.getString("token_type"),
                JdbcConnectSessionStore.instant(Sql.longOrNull(rs, "expires_at")),
                Json.strings(rs.getString("scopes")),
                Json.objectMap(rs.getString("metadata")),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")),
                JdbcConnectSessionStore.instant(Sql.longOrNull(rs, "refreshed_at")),
                rs.getLong("version"),
                new RefreshState(
                        JdbcConnectSessionStore.instant(Sql.longOrNull(rs, "next_refresh_at")),
                        rs.getInt("refresh_failures"),
                        JdbcConnectSessionStore.instant(Sql.longOrNull(rs, "retry_at")),
                        rs.getString("last_error")));
    }
}
