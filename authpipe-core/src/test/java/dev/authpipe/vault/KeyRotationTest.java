package dev.authpipe.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Data-key rotation and master-key re-wrapping, online: every value sealed before still opens. */
class KeyRotationTest {
    private final InMemoryKeyringStore store = new InMemoryKeyringStore();
    private final LocalKek oldKey = LocalKek.fromBase64(LocalKek.generateBase64());
    private final LocalKek newKey = LocalKek.fromBase64(LocalKek.generateBase64());

    record Value(SealContext context, Sealed sealed, String plaintext) {}

    private List<Value> sealSome(Vault vault) {
        List<Value> values = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            SealContext context =
                    new SealContext(KeyScope.tenant("prj_1", "tenant_" + t), "credential/c" + t, "access_token");
            values.add(new Value(context, vault.seal(context, Secret.of("token-" + t)), "token-" + t));
        }
        SealContext project = new SealContext(KeyScope.project("prj_1"), "integration/harvest", "client_secret");
        values.add(new Value(project, vault.seal(project, Secret.of("client-secret")), "client-secret"));
        return values;
    }

    @Test
    void rotatingDataKeysKeepsOldValuesOpenAndSealsNewOnesWithTheNewKey() {
        Vault vault = new Vault(oldKey, store);
        vault.verifyKek();
        List<Value> before = sealSome(vault);
        byte[] keysetBefore = store.find(before.get(0).context().scope()).orElseThrow();

        assertThat(vault.rotateAll()).isEqualTo(4);

        assertThat(store.find(before.get(0).context().scope()).orElseThrow()).isNotEqualTo(keysetBefore);
        Vault fresh = new Vault(oldKey, store);
        for (Value v : before) {
            assertThat(fresh.open(v.context(), v.sealed()).reveal()).isEqualTo(v.plaintext());
        }
        Sealed after = fresh.seal(before.get(0).context(), Secret.of("token-0"));
        assertThat(keyId(after)).isNotEqualTo(keyId(before.get(0).sealed()));
    }

    @Test
    void rewrappingMovesEveryKeysetToTheNewMasterKey() {
        Vault old = new Vault(oldKey, store);
        old.verifyKek();
        List<Value> values = sealSome(old);

        assertThatThrownBy(() -> new Vault(newKey, store).verifyKek()).isInstanceOf(WrongMasterKeyException.class);

        Vault transition = new Vault(new FallbackKek(newKey, oldKey), store);
        transition.verifyKek();
        for (Value v : values) {
            assertThat(transition.open(v.context(), v.sealed()).reveal()).isEqualTo(v.plaintext());
        }
        assertThat(transition.rewrapAll()).isEqualTo(4);

        Vault after = new Vault(newKey, store);
        after.verifyKek();
        for (Value v : values) {
            assertThat(after.open(v.context(), v.sealed()).reveal()).isEqualTo(v.plaintext());
        }
        assertThatThrownBy(() -> new Vault(oldKey, store).verifyKek()).isInstanceOf(WrongMasterKeyException.class);
    }

    @Test
    void rewrappingWithTwoUnrelatedKeysFailsClosed() {
        new Vault(oldKey, store).verifyKek();
        LocalKek stranger = LocalKek.fromBase64(LocalKek.generateBase64());
        Vault wrong = new Vault(new FallbackKek(newKey, stranger), store);
        assertThatThrownBy(wrong::verifyKek).isInstanceOf(WrongMasterKeyException.class);
        assertThatThrownBy(wrong::rewrapAll).isInstanceOf(WrongMasterKeyException.class);
    }

    /** Tink's TINK output prefix: one version byte, then the 4-byte id of the key that sealed it. */
    private static int keyId(Sealed sealed) {
        byte[] c = sealed.ciphertext();
        return ((c[1] & 0xff) << 24) | ((c[2] & 0xff) << 16) | ((c[3] & 0xff) << 8) | (c[4] & 0xff);
    }
}
