package dev.authpipe.store;

import dev.authpipe.vault.KeyScope;
import dev.authpipe.vault.KeyringStore;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

final class JdbcKeyringStore implements KeyringStore {
    private static final String KEK_CHECK = "kek_check";

    private final Sql sql;
    private final Clock clock;

    JdbcKeyringStore(Database db, Clock clock) {
        this.sql = new Sql(db);
        this.clock = clock;
    }

    @Override
    public Optional<byte[]> find(KeyScope scope) {
        return sql.one(
                        "SELECT keyset FROM keyrings WHERE project_id = ? AND owner = ?",
                        rs -> rs.getString(1),
                        scope.projectId(),
                        scope.owner())
                .map(Base64.getDecoder()::decode);
    }

    @Override
    public byte[] insertIfAbsent(KeyScope scope, byte[] wrapped) {
        long now = clock.millis();
        sql.update(
                "INSERT INTO keyrings (project_id, owner, keyset, created_at, updated_at) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (project_id, owner) DO NOTHING",
                scope.projectId(),
                scope.owner(),
                Base64.getEncoder().encodeToString(wrapped),
                now,
                now);
        return find(scope).orElseThrow(() -> new IllegalStateException("keyring vanished after insert"));
    }

    @Override
    public boolean replace(KeyScope scope, byte[] expected, byte[] wrapped) {
        return sql.update(
                        "UPDATE keyrings SET keyset = ?, updated_at = ? WHERE project_id = ? AND owner = ? AND keyset = ?",
                        Base64.getEncoder().encodeToString(wrapped),
                        clock.millis(),
                        scope.projectId(),
                        scope.owner(),
                        Base64.getEncoder().encodeToString(expected))
                == 1;
    }

    @Override
    public void delete(KeyScope scope) {
        sql.update("DELETE FROM keyrings WHERE project_id = ? AND owner = ?", scope.projectId(), scope.owner());
    }

    @Override
    public java.util.List<KeyScope> scopes() {
        return sql.list("SELECT project_id, owner FROM keyrings ORDER BY project_id, owner", rs -> {
            String owner = rs.getString("owner");
            return owner.startsWith("tenant:")
                    ? KeyScope.tenant(rs.getString("project_id"), owner.substring("tenant:".length()))
                    : KeyScope.project(rs.getString("project_id"));
        });
    }

    @Override
    public boolean replaceKekCheck(byte[] expected, byte[] check) {
        return sql.update(
                        "UPDATE vault_meta SET value = ? WHERE name = ? AND value = ?",
                        Base64.getEncoder().encodeToString(check),
                        KEK_CHECK,
                        Base64.getEncoder().encodeToString(expected))
                == 1;
    }

    @Override
    public Optional<byte[]> kekCheck() {
        return sql.one("SELECT value FROM vault_meta WHERE name = ?", rs -> rs.getString(1), KEK_CHECK)
                .map(Base64.getDecoder()::decode);
    }

    @Override
    public byte[] insertKekCheckIfAbsent(byte[] check) {
        sql.update(
                "INSERT INTO vault_meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                KEK_CHECK,
                Base64.getEncoder().encodeToString(check));
        return kekCheck().orElseThrow(() -> new IllegalStateException("master key check vanished after insert"));
    }
}
