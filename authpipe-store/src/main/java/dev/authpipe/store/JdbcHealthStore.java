package dev.authpipe.store;

import dev.authpipe.credential.CredentialKey;
import dev.authpipe.health.Health;
import dev.authpipe.health.HealthState;
import dev.authpipe.health.HealthStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Health records keyed like their credential (user_id '' for an installation), deleted with it. */
final class JdbcHealthStore implements HealthStore {

    private final Sql sql;
    private final Database db;

    JdbcHealthStore(Database db) {
        this.db = db;
        this.sql = new Sql(db);
    }

    @Override
    public Optional<HealthState> find(CredentialKey key) {
        return sql.one(
                "SELECT project_id, provider, tenant_id, credential_for, user_id, health, failures, last_checked_at,"
                        + " last_error, next_check_at FROM credential_health WHERE " + CredentialKeys.WHERE,
                JdbcHealthStore::map,
                CredentialKeys.params(key));
    }

    @Override
    public void reset(CredentialKey key, Instant nextCheckAt) {
        List<Object> params = new ArrayList<>(List.of(CredentialKeys.params(key)));
        params.add(nextCheckAt.toEpochMilli());
        sql.update(
                "INSERT INTO credential_health (project_id, provider, tenant_id, credential_for, user_id, health,"
                        + " failures, next_check_at) VALUES (?, ?, ?, ?, ?, 'healthy', 0, ?)"
                        + " ON CONFLICT (project_id, provider, tenant_id, credential_for, user_id) DO UPDATE SET"
                        + " health = 'healthy', failures = 0, last_error = NULL, next_check_at = excluded.next_check_at,"
                        + " lease_owner = NULL, lease_until = NULL",
                params.toArray());
    }

    @Override
    public void checkUsersBy(CredentialKey installationKey, Instant at) {
        sql.update(
                "UPDATE credential_health SET next_check_at = ? WHERE project_id = ? AND provider = ? AND tenant_id = ?"
                        + " AND credential_for = 'user' AND next_check_at > ?",
                at.toEpochMilli(),
                installationKey.projectId(),
                installationKey.provider(),
                installationKey.tenantId(),
                at.toEpochMilli());
    }

    @Override
    public boolean record(HealthState s, String credentialId) {
        List<Object> params = new ArrayList<>();
        params.add(s.health().wire());
        params.add(s.failures());
        params.add(millis(s.lastCheckedAt()));
        params.add(s.lastError());
        params.add(millis(s.nextCheckAt()));
        params.addAll(List.of(CredentialKeys.params(s.key())));
        params.addAll(List.of(CredentialKeys.params(s.key())));
        params.add(credentialId);
        return sql.update(
                        "UPDATE credential_health SET health = ?, failures = ?, last_checked_at = ?, last_error = ?,"
                                + " next_check_at = ?, lease_owner = NULL, lease_until = NULL WHERE "
                                + CredentialKeys.WHERE + " AND EXISTS (SELECT 1 FROM credentials WHERE "
                                + CredentialKeys.WHERE + " AND id = ?)",
                        params.toArray())
                == 1;
    }

    @Override
    public List<CredentialKey> claimDue(Instant now, int limit, String owner, Instant until) {
        return db.inTransaction(() -> {
            List<CredentialKey> due = sql.list(
                    "SELECT project_id, provider, tenant_id, credential_for, user_id FROM credential_health"
                            + " WHERE next_check_at IS NOT NULL AND next_check_at <= ?"
                            + " AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_check_at LIMIT ?",
                    CredentialKeys::read,
                    now.toEpochMilli(),
                    now.toEpochMilli(),
                    limit);
            List<CredentialKey> claimed = new ArrayList<>();
            for (CredentialKey key : due) {
                List<Object> params = new ArrayList<>(List.of(owner, until.toEpochMilli()));
                params.addAll(List.of(CredentialKeys.params(key)));
                params.add(now.toEpochMilli());
                if (sql.update(
                                "UPDATE credential_health SET lease_owner = ?, lease_until = ? WHERE "
                                        + CredentialKeys.WHERE + " AND (lease_until IS NULL OR lease_until < ?)",
                                params.toArray())
                        == 1) {
                    claimed.add(key);
                }
            }
            return claimed;
        });
    }

    private static Long millis(Instant i) {
        return i == null ? null : i.toEpochMilli();
    }

    private static HealthState map(ResultSet rs) throws SQLException {
        return new HealthState(
                CredentialKeys.read(rs),
                Health.parse(rs.getString("health")),
                rs.getInt("failures"),
                JdbcConnectSessionStore.instant(Sql.longOrNull(rs, "last_checked_at")),
                rs.getString("last_error"),
                JdbcConnectSessionStore.instant(Sql.longOrNull(rs, "next_check_at")));
    }
}
