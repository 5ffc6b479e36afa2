package dev.authpipe.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class VaultTest {
    private static final KeyScope TENANT_A = KeyScope.tenant("prj_1", "acme");
    private static final KeyScope TENANT_B = KeyScope.tenant("prj_1", "globex");
    private static final SealContext A_ACCESS = new SealContext(TENANT_A, "credential/cred_1", "access_token");
    private static final SealContext B_ACCESS = new SealContext(TENANT_B, "credential/cred_2", "access_token");
    private static final byte TINK_PREFIX = 0x01;

    private final LocalKek kek = newKek();
    private final InMemoryKeyringStore store = new InMemoryKeyringStore();
    private final Vault vault = new Vault(kek, store);

    @ParameterizedTest
    @ValueSource(strings = {"1387424.at.abcdef", "", "ünïcödé ✓ 🔑", "a\nmultiline\u0000value"})
    void sealedValueOpensInItsContext(String plaintext) {
        Sealed sealed = vault.seal(A_ACCESS, Secret.of(plaintext));

        assertThat(vault.open(A_ACCESS, sealed).reveal()).isEqualTo(plaintext);
        assertThat(new Vault(kek, store)
                        .open(A_ACCESS, Sealed.fromText(sealed.toText()))
                        .reveal())
                .isEqualTo(plaintext);
    }

    @Test
    void bytesRoundTrip() {
        byte[] plaintext = {0, 1, 2, (byte) 0xff};

        assertThat(vault.openBytes(A_ACCESS, vault.seal(A_ACCESS, plaintext))).containsExactly(plaintext);
    }

    @Test
    void sealingTheSameValueTwiceGivesDifferentCiphertexts() {
        Sealed first = vault.seal(A_ACCESS, Secret.of("token"));
        Sealed second = vault.seal(A_ACCESS, Secret.of("token"));

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void sealedTextDoesNotContainThePlaintext() {
        String plaintext = "refresh-token-plaintext-value";

        assertThat(vault.seal(A_ACCESS, Secret.of(plaintext)).toText()).doesNotContain(plaintext);
    }

    static Stream<Arguments> otherContexts() {
        return Stream.of(
                Arguments.argumentSet("another record", new SealContext(TENANT_A, "credential/cred_9", "access_token")),
                Arguments.argumentSet("another field", new SealContext(TENANT_A, "credential/cred_1", "refresh_token")),
                Arguments.argumentSet("another tenant", new SealContext(TENANT_B, "credential/cred_1", "access_token")),
                Arguments.argumentSet(
                        "another project",
                        new SealContext(KeyScope.tenant("prj_2", "acme"), "credential/cred_1", "access_token")),
                Arguments.argumentSet(
                        "the project scope",
                        new SealContext(KeyScope.project("prj_1"), "credential/cred_1", "access_token")),
                Arguments.argumentSet(
                        "a record and field that concatenate alike",
                        new SealContext(TENANT_A, "credential/cred_1access", "_token")));
    }

    @ParameterizedTest
    @MethodSource("otherContexts")
    void ciphertextMovedToAnotherContextDoesNotOpen(SealContext other) {
        vault.seal(other, Secret.of("the other context has a keyset too"));
        Sealed sealed = vault.seal(A_ACCESS, Secret.of("token"));

        assertThatThrownBy(() -> vault.open(other, sealed)).isInstanceOf(VaultException.class);
        assertThatThrownBy(() -> new Vault(kek, store).open(other, sealed)).isInstanceOf(VaultException.class);
    }

    @Test
    void wrappedKeysetCopiedToAnotherTenantDoesNotUnwrap() {
        Sealed aValue = vault.seal(A_ACCESS, Secret.of("tenant A's token"));
        Sealed bValue = vault.seal(B_ACCESS, Secret.of("tenant B's token"));
        store.overwrite(TENANT_B, store.find(TENANT_A).orElseThrow());
        Vault restarted = new Vault(kek, store);

        assertThatThrownBy(() -> restarted.open(new SealContext(TENANT_B, "credential/cred_1", "access_token"), aValue))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("does not unwrap");
        assertThatThrownBy(() -> restarted.open(B_ACCESS, bValue)).isInstanceOf(VaultException.class);
        assertThatThrownBy(() -> restarted.seal(B_ACCESS, Secret.of("new"))).isInstanceOf(VaultException.class);
        assertThat(store.find(TENANT_B).orElseThrow())
                .isEqualTo(store.find(TENANT_A).orElseThrow());
        assertThat(restarted.open(A_ACCESS, aValue).reveal()).isEqualTo("tenant A's token");
    }

    @Test
    void projectKeysetCopiedToAnotherProjectDoesNotUnwrap() {
        SealContext first = new SealContext(KeyScope.project("prj_1"), "integration/x", "client_secret");
        SealContext second = new SealContext(KeyScope.project("prj_2"), "integration/x", "client_secret");
        Sealed firstValue = vault.seal(first, Secret.of("secret of prj_1"));
        vault.seal(second, Secret.of("secret of prj_2"));
        store.overwrite(
                KeyScope.project("prj_2"), store.find(KeyScope.project("prj_1")).orElseThrow());

        assertThatThrownBy(() -> new Vault(kek, store).open(second, firstValue)).isInstanceOf(VaultException.class);
    }

    @Test
    void verifyKekPassesOnANewStoreAndAgainWithTheSameKey() {
        vault.verifyKek();
        byte[] check = store.kekCheck().orElseThrow();

        vault.verifyKek();
        new Vault(kek, store).verifyKek();

        assertThat(store.kekCheck().orElseThrow()).isEqualTo(check);
    }

    @Test
    void verifyKekWithAnotherMasterKeyThrowsWrongMasterKey() {
        vault.verifyKek();
        vault.seal(A_ACCESS, Secret.of("token"));

        assertThatThrownBy(() -> new Vault(newKek(), store).verifyKek())
                .isInstanceOf(WrongMasterKeyException.class)
                .hasMessageContaining("master key");
    }

    @Test
    void valuesDoNotOpenWithAnotherMasterKey() {
        Sealed sealed = vault.seal(A_ACCESS, Secret.of("token"));
        byte[] wrappedBefore = store.find(TENANT_A).orElseThrow();
        Vault wrongKey = new Vault(newKek(), store);

        assertThatThrownBy(() -> wrongKey.open(A_ACCESS, sealed)).isInstanceOf(VaultException.class);
        assertThatThrownBy(() -> wrongKey.seal(A_ACCESS, Secret.of("new"))).isInstanceOf(VaultException.class);
        assertThatThrownBy(() -> wrongKey.rotate(TENANT_A)).isInstanceOf(VaultException.class);
        assertThat(store.find(TENANT_A).orElseThrow()).isEqualTo(wrappedBefore);
    }

    @Test
    void rotateAddsAPrimaryKeyAndOldValuesStillOpen() {
        Sealed old = vault.seal(A_ACCESS, Secret.of("old token"));
        byte[] wrappedBefore = store.find(TENANT_A).orElseThrow();

        vault.rotate(TENANT_A);
        Sealed fresh = vault.seal(A_ACCESS, Secret.of("new token"));

        assertThat(store.find(TENANT_A).orElseThrow()).isNotEqualTo(wrappedBefore);
        assertThat(old.ciphertext()[0]).isEqualTo(TINK_PREFIX);
        assertThat(fresh.ciphertext()[0]).isEqualTo(TINK_PREFIX);
        assertThat(keyId(fresh)).isNotEqualTo(keyId(old));
        Vault restarted = new Vault(kek, store);
        assertThat(restarted.open(A_ACCESS, old).reveal()).isEqualTo("old token");
        assertThat(restarted.open(A_ACCESS, fresh).reveal()).isEqualTo("new token");
        assertThat(keyId(restarted.seal(A_ACCESS, Secret.of("x")))).isEqualTo(keyId(fresh));
    }

    @Test
    void rotateLeavesOtherScopesAlone() {
        vault.seal(A_ACCESS, Secret.of("a"));
        vault.seal(B_ACCESS, Secret.of("b"));
        byte[] bBefore = store.find(TENANT_B).orElseThrow();

        vault.rotate(TENANT_A);

        assertThat(store.find(TENANT_B).orElseThrow()).isEqualTo(bBefore);
    }

    @Test
    void rotateOnAScopeWithoutKeysetCreatesOne() {
        vault.rotate(TENANT_A);

        assertThat(store.find(TENANT_A)).isPresent();
        assertThat(vault.open(A_ACCESS, vault.seal(A_ACCESS, Secret.of("t"))).reveal())
                .isEqualTo("t");
    }

    @Test
    void keysetRotatedByAnotherInstanceIsPickedUp() {
        Sealed old = vault.seal(A_ACCESS, Secret.of("old"));
        Vault otherNode = new Vault(kek, store);

        otherNode.rotate(TENANT_A);
        Sealed fresh = otherNode.seal(A_ACCESS, Secret.of("new"));

        assertThat(vault.open(A_ACCESS, fresh).reveal()).isEqualTo("new");
        assertThat(vault.open(A_ACCESS, old).reveal()).isEqualTo("old");
    }

    @Test
    void aNodeSealsUnderTheKeysetThatReplacedOneDestroyedElsewhere() {
        Vault otherNode = new Vault(kek, store);
        otherNode.seal(A_ACCESS, Secret.of("cached on the other node"));

        vault.destroy(TENANT_A);
        Sealed afterReinstall = vault.seal(A_ACCESS, Secret.of("new install"));
        Sealed fromOtherNode = otherNode.seal(A_ACCESS, Secret.of("refreshed on the other node"));

        Vault restarted = new Vault(kek, store);
        assertThat(restarted.open(A_ACCESS, fromOtherNode).reveal()).isEqualTo("refreshed on the other node");
        assertThat(restarted.open(A_ACCESS, afterReinstall).reveal()).isEqualTo("new install");
        assertThat(keyId(fromOtherNode)).isEqualTo(keyId(afterReinstall));
    }

    @Test
    void aNodeWhoseCachedKeysetWasDestroyedElsewhereSealsUnderAStoredOne() {
        Vault otherNode = new Vault(kek, store);
        otherNode.seal(A_ACCESS, Secret.of("cached on the other node"));

        vault.destroy(TENANT_A);
        Sealed sealed = otherNode.seal(A_ACCESS, Secret.of("after destroy"));

        assertThat(store.find(TENANT_A)).isPresent();
        assertThat(new Vault(kek, store).open(A_ACCESS, sealed).reveal()).isEqualTo("after destroy");
    }

    @Test
    void aNodeSealsWithThePrimaryKeyOfAKeysetRotatedElsewhere() {
        Vault otherNode = new Vault(kek, store);
        Sealed before = vault.seal(A_ACCESS, Secret.of("before"));

        otherNode.rotate(TENANT_A);
        Sealed rotated = otherNode.seal(A_ACCESS, Secret.of("rotated"));
        Sealed after = vault.seal(A_ACCESS, Secret.of("after"));

        assertThat(keyId(after)).isEqualTo(keyId(rotated)).isNotEqualTo(keyId(before));
    }

    @Test
    void destroyMakesTheScopesValuesUnreadable() {
        Sealed aValue = vault.seal(A_ACCESS, Secret.of("a"));
        Sealed bValue = vault.seal(B_ACCESS, Secret.of("b"));

        vault.destroy(TENANT_A);

        assertThat(store.find(TENANT_A)).isEmpty();
        assertThatThrownBy(() -> vault.open(A_ACCESS, aValue)).isInstanceOf(VaultException.class);
        assertThatThrownBy(() -> new Vault(kek, store).open(A_ACCESS, aValue)).isInstanceOf(VaultException.class);
        assertThat(vault.open(B_ACCESS, bValue).reveal()).isEqualTo("b");
    }

    @Test
    void valuesSealedBeforeDestroyStayUnreadableUnderTheNextKeyset() {
        Sealed before = vault.seal(A_ACCESS, Secret.of("before"));
        vault.destroy(TENANT_A);

        Sealed after = vault.seal(A_ACCESS, Secret.of("after"));

        assertThat(vault.open(A_ACCESS, after).reveal()).isEqualTo("after");
        assertThatThrownBy(() -> vault.open(A_ACCESS, before)).isInstanceOf(VaultException.class);
    }

    @Test
    void openingInAScopeThatNeverHadAKeysetFails() {
        Sealed sealed = vault.seal(A_ACCESS, Secret.of("token"));

        assertThatThrownBy(() -> vault.open(B_ACCESS, sealed)).isInstanceOf(VaultException.class);
        assertThat(store.find(TENANT_B)).isEmpty();
    }

    @Test
    void changingAnyOneByteOfTheTextFailsToOpen() {
        Sealed sealed = vault.seal(A_ACCESS, Secret.of("token"));
        byte[] ciphertext = sealed.ciphertext();

        IntStream.range(0, ciphertext.length).forEach(i -> {
            byte[] tampered = ciphertext.clone();
            tampered[i] ^= 0x01;
            Sealed fromText = Sealed.fromText(Sealed.of(tampered).toText());
            assertThatThrownBy(() -> vault.open(A_ACCESS, fromText))
                    .as("byte %d flipped", i)
                    .isInstanceOf(VaultException.class);
        });
    }

    @Test
    void truncatedOrEmptyCiphertextsFailToOpen() {
        byte[] ciphertext = vault.seal(A_ACCESS, Secret.of("token")).ciphertext();

        for (int length : new int[] {0, 1, 5, 17, ciphertext.length - 1}) {
            Sealed truncated = Sealed.of(Arrays.copyOf(ciphertext, length));
            assertThatThrownBy(() -> vault.open(A_ACCESS, truncated))
                    .as("truncated to %d bytes", length)
                    .isInstanceOf(VaultException.class);
        }
    }

    @Test
    void failureMessagesNameTheContextButNotThePlaintext() {
        String plaintext = "plaintext-that-must-not-leak";
        Sealed sealed = vault.seal(A_ACCESS, Secret.of(plaintext));
        SealContext other = new SealContext(TENANT_A, "credential/cred_9", "access_token");

        assertThatThrownBy(() -> vault.open(other, sealed))
                .hasMessageContaining("credential/cred_9")
                .hasMessageNotContaining(plaintext);
    }

    private static int keyId(Sealed sealed) {
        return ByteBuffer.wrap(sealed.ciphertext(), 1, 4).getInt();
    }

    static LocalKek newKek() {
        return LocalKek.fromBase64(LocalKek.generateBase64());
    }
}
