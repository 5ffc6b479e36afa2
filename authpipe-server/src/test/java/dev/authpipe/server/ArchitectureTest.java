package dev.authpipe.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rules of ARCHITECTURE.md §1, over every production class of the server's classpath. */
class ArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> location.contains("authpipe"))
                .importPackages("dev.authpipe");
    }

    @Test
    void theDomainNeverReachesOutward() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.authpipe.provider..",
                        "dev.authpipe.oauth..",
                        "dev.authpipe.vault..",
                        "dev.authpipe.credential..",
                        "dev.authpipe.connect..",
                        "dev.authpipe.refresh..",
                        "dev.authpipe.events..",
                        "dev.authpipe.broker..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.authpipe.server..",
                        "dev.authpipe.store..",
                        "io.javalin..",
                        "java.sql..",
                        "com.zaxxer..",
                        "org.flywaydb..")
                .check(classes);
    }

    @Test
    void handlersUseTheDomainNeverTheStore() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.authpipe.server.api..", "dev.authpipe.server.connect..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.authpipe.store..", "java.sql..")
                .check(classes);
    }

    @Test
    void onlyTheVaultTouchesCryptography() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.authpipe.vault..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.google.crypto.tink..", "javax.crypto..")
                .check(classes);
    }

    @Test
    void theSdkAndTheSandboxShareNothingWithTheServer() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.authpipe.sdk..", "dev.authpipe.sandbox..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.authpipe.server..",
                        "dev.authpipe.store..",
                        "dev.authpipe.credential..",
                        "dev.authpipe.vault..",
                        "dev.authpipe.oauth..",
                        "dev.authpipe.provider..")
                .check(classes);
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.authpipe.server..", "dev.authpipe.sandbox..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.authpipe.sandbox..")
                .check(classes);
    }
}
