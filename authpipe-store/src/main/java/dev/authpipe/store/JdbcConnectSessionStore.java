package dev.authpipe.store;

import dev.authpipe.connect.ConnectSession;
import dev.authpipe.connect.ConnectSessionStore;
import dev.authpipe.credential.CredentialFor;
import dev.authpipe.vault.Sealed;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

final class JdbcConnectSessionStore implements ConnectSessionStore {
    private static final String COLUMNS = "id, token_hash, project_id, provider, tenant_id, credential_for, user_id,"
            + " origin, return_url, created_at, expires_at, started_at, state_hash, state_expires_at, pkce_verifier,"
            + " completed_at, browser_hash";

    private final Sql sql;

    JdbcConnectSessionStore(Database db) {
        this.sql = new Sql(db);
    }

    @Override
    public void insert(ConnectSession s) {
        sql.update(
                "INSERT INTO connect_sessions (id, token_hash, project_id, provider, tenant_id, credential_for, user_id,"
                        + " origin, return_url, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s.id(),
                s.tokenHash(),
                s.projectId(),
                s.provider(),
                s.tenantId(),
                s.credentialFor().wire(),
                s.userId(),
                s.origin(),
                s.returnUrl(),
                s.createdAt().toEpochMilli(),
                s.expiresAt().toEpochMilli());
    }

    @Override
    public Optional<ConnectSession> findByTokenHash(String tokenHash) {
        return sql.one(
                "SELECT " + COLUMNS + " FROM connect_sessions WHERE token_hash = ?",
                JdbcConnectSessionStore::map,
                tokenHash);
    }

    @Override
    public Optional<ConnectSession> findByStateHash(String stateHash) {
        return sql.one(
                "SELECT " + COLUMNS + " FROM connect_sessions WHERE state_hash = ?",
                JdbcConnectSessionStore::map,
                stateHash);
    }

    @Override
    public boolean start(
            String id, String stateHash, Sealed pkceVerifier, Instant stateExpiresAt, String browserHash, Instant now) {
        return sql.update(
                        "UPDATE connect_sessions SET started_at = ?, state_hash = ?, pkce_verifier = ?, state_expires_at = ?,"
                                + " browser_hash = ? WHERE id = ? AND started_at IS NULL",
                        now.toEpochMilli(),
                        stateHash,
                        pkceVerifier == null ? null : pkceVerifier.toText(),
                        stateExpiresAt.toEpochMilli(),
                        browserHash,
                        id)
                == 1;
    }

    @Override
    public boolean complete(String id, Instant now) {
        return sql.update(
                        "UPDATE connect_sessions SET completed_at = ? WHERE id = ? AND completed_at IS NULL",
                        now.toEpochMilli(),
                        id)
                == 1;
    }

    @Override
    public int deleteExpired(Instant cutoff) {
        return sql.update("DELETE FROM connect_sessions WHERE expires_at < ?", cutoff.toEpochMilli());
    }

    private static ConnectSession map(ResultSet rs) throws SQLException {
        String verifier = rs.getString("pkce_verifier");
        return new ConnectSession(
                rs.getString("id"),
                rs.getString("token_hash"),
                rs.getString("project_id"),
                rs.getString("provider"),
                rs.getString("tenant_id"),
                CredentialFor.parse(rs.getString("credential_for")).orElseThrow(),
                rs.getString("user_id"),
                rs.getString("origin"),
                rs.getString("return_url"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("expires_at")),
                instant(Sql.longOrNull(rs, "started_at")),
                rs.getString("state_hash"),
                instant(Sql.longOrNull(rs, "state_expires_at")),
                verifier == null ? null : Sealed.fromText(verifier),
                instant(Sql.longOrNull(rs, "completed_at")),
                rs.getString("browser_hash"));
    }

    static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
