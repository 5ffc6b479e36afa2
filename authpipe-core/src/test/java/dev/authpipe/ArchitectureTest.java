package dev.authpipe;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The dependency rules of ARCHITECTURE.md §1 for the core module. */
class ArchitectureTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.authpipe");

    @Test
    void importsTheWholeCore() {
        assertThat(CORE.contain("dev.authpipe.vault.Vault")).isTrue();
        assertThat(CORE.contain("dev.authpipe.provider.ProviderCatalog")).isTrue();
        assertThat(CORE.contain("dev.authpipe.credential.Integrations")).isTrue();
        assertThat(CORE.contain("dev.authpipe.broker.CredentialBroker")).isTrue();
        assertThat(CORE.contain("dev.authpipe.ArchitectureTest")).isFalse();
    }

    @Test
    void coreNeverDependsOnServerOrStore() {
        noClasses()
                .that()
                .resideInAPackage("dev.authpipe..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.authpipe.server..", "dev.authpipe.store..")
                .check(CORE);
    }

    @Test
    void onlyTheVaultTouchesCryptography() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.authpipe.vault..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.google.crypto.tink..", "javax.crypto..")
                .check(CORE);
    }

    @Test
    void providerDependsOnNoOtherAuthpipePackage() {
        noClasses()
                .that()
                .resideInAPackage("dev.authpipe.provider..")
                .should()
                .dependOnClassesThat(
                        resideInAPackage("dev.authpipe..").and(not(resideInAPackage("dev.authpipe.provider.."))))
                .check(CORE);
    }

    @Test
    void credentialDoesNotDependOnTheFlowsBuiltOnIt() {
        noClasses()
                .that()
                .resideInAPackage("dev.authpipe.credential..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.authpipe.connect..",
                        "dev.authpipe.refresh..",
                        "dev.authpipe.broker..",
                        "dev.authpipe.events..")
                .check(CORE);
    }
}
