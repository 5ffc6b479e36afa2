package dev.authpipe.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PkceTest {
    private static final String UNRESERVED_43 = "[A-Za-z0-9._~-]{43}";

    @Test
    void challengeMatchesRfc7636AppendixB() {
        assertThat(Pkce.challengeOf("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    void methodIsS256() {
        assertThat(Pkce.METHOD).isEqualTo("S256");
    }

    @Test
    void generatedVerifiersAre43UnreservedCharactersWithMatchingChallenges() {
        for (int i = 0; i < 200; i++) {
            Pkce pkce = Pkce.generate();

            assertThat(pkce.verifier().reveal()).matches(UNRESERVED_43);
            assertThat(pkce.challenge())
                    .matches(UNRESERVED_43)
                    .isEqualTo(Pkce.challengeOf(pkce.verifier().reveal()));
        }
    }

    @Test
    void generatedVerifiersAreUnique() {
        Set<String> verifiers = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            verifiers.add(Pkce.generate().verifier().reveal());
        }

        assertThat(verifiers).hasSize(1000);
    }

    @Test
    void verifierDoesNotPrint() {
        Pkce pkce = Pkce.generate();

        assertThat(pkce.toString()).doesNotContain(pkce.verifier().reveal());
    }
}
