package dev.authpipe.vault;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where a sealed value lives: its key scope, its record and its field. The context is the AEAD
 * associated data, so the value opens only in exactly this place.
 *
 * @param record a stable record identity, e.g. {@code credential/cr_123}
 * @param field the column or attribute, e.g. {@code access_token}
 */
public record SealContext(KeyScope scope, String record, String field) {
    private static final byte[] LABEL = "authpipe.seal.v1".getBytes(StandardCharsets.US_ASCII);

    public SealContext {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(field, "field");
    }

    /** Length-prefixed encoding, so no choice of ids can make two contexts encode alike. */
    byte[] associatedData() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96);
        out.writeBytes(LABEL);
        for (String part : new String[] {
            scope.projectId(), scope.isTenant() ? "t" : "p", scope.isTenant() ? scope.tenantId() : "", record, field
        }) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}
