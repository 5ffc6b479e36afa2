package dev.authpipe.store;

import dev.authpipe.credential.CredentialKey;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How a credential key lives in a row: five columns, with an installation's {@code user_id} the
 * empty string so that the key can be a primary key on both databases. Shared by every table keyed
 * by credential.
 */
final class CredentialKeys {
    static final String COLUMNS = "project_id, provider, tenant_id, credential_for, user_id";
    static final String WHERE =
            "project_id = ? AND provider = ? AND tenant_id = ? AND credential_for = ? AND user_id = ?";

    private CredentialKeys() {}

    /** The five parameters of {@link #WHERE}, in order. */
    static Object[] params(CredentialKey k) {
        return new Object[] {
            k.projectId(), k.provider(), k.tenantId(), k.credentialFor().wire(), userColumn(k)
        };
    }

    static String userColumn(CredentialKey k) {
        return k.userId() == null ? "" : k.userId();
    }

    static CredentialKey read(ResultSet rs) throws SQLException {
        boolean user = "user".equals(rs.getString("credential_for"));
        return new CredentialKey(
                rs.getString("project_id"),
                rs.getString("provider"),
                rs.getString("tenant_id"),
                user ? rs.getString("user_id") : null);
    }
}
