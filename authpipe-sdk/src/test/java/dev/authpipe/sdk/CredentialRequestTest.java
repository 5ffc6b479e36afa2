package dev.authpipe.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

class CredentialRequestTest {

    @Test
    void namesAnInstallationCredential() {
        CredentialRequest request = CredentialRequest.installation("harvest", "org_acme");

        assertThat(request.provider()).isEqualTo("harvest");
        assertThat(request.tenantId()).isEqualTo("org_acme");
        assertThat(request.userId()).isNull();
        assertThat(request.credentialFor()).isEqualTo("installation");
    }

    @Test
    void namesAUserCredential() {
        CredentialRequest request = CredentialRequest.user("harvest", "org_acme", "user_123");

        assertThat(request.userId()).isEqualTo("user_123");
        assertThat(request.credentialFor()).isEqualTo("user");
        assertThat(request.toString()).contains("harvest", "org_acme", "user", "user_123");
    }

    @Test
    void isAValue() {
        assertThat(CredentialRequest.user("harvest", "org_acme", "u1"))
                .isEqualTo(CredentialRequest.user("harvest", "org_acme", "u1"))
                .hasSameHashCodeAs(CredentialRequest.user("harvest", "org_acme", "u1"))
                .isNotEqualTo(CredentialRequest.user("harvest", "org_acme", "U1"))
                .isNotEqualTo(CredentialRequest.user("harvest", "org_other", "u1"))
                .isNotEqualTo(CredentialRequest.user("other", "org_acme", "u1"))
                .isNotEqualTo(CredentialRequest.installation("harvest", "org_acme"))
                .isNotEqualTo("harvest/org_acme/u1");
        assertThat(CredentialRequest.installation("harvest", "org_acme"))
                .isEqualTo(CredentialRequest.installation("harvest", "org_acme"))
                .hasSameHashCodeAs(CredentialRequest.installation("harvest", "org_acme"));
    }

    @Test
    void rejectsNullArgumentsByName() {
        assertThatNullPointerException()
                .isThrownBy(() -> CredentialRequest.installation(null, "org_acme"))
                .withMessageContaining("provider");
        assertThatNullPointerException()
                .isThrownBy(() -> CredentialRequest.installation("harvest", null))
                .withMessageContaining("tenantId");
        assertThatNullPointerException()
                .isThrownBy(() -> CredentialRequest.user("harvest", "org_acme", null))
                .withMessageContaining("userId");
    }

    @Test
    void rejectsBlankArgumentsByName() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CredentialRequest.installation("", "org_acme"))
                .withMessageContaining("provider");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CredentialRequest.installation("harvest", " \t"))
                .withMessageContaining("tenantId");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CredentialRequest.user("harvest", "org_acme", " "))
                .withMessageContaining("userId");
    }
}
