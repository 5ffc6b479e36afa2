package dev.authpipe.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authpipe.connect.ConnectSession;
import dev.authpipe.credential.Credential;
import dev.authpipe.credential.CredentialFor;
import dev.authpipe.credential.CredentialKey;
import dev.authpipe.credential.CredentialStatus;
import dev.authpipe.credential.InstallationQuery;
import dev.authpipe.credential.Integration;
import dev.authpipe.credential.Project;
import dev.authpipe.events.Event;
import dev.authpipe.events.EventType;
import dev.authpipe.vault.KeyScope;
import dev.authpipe.vault.KeyringStore;
import dev.authpipe.vault.LocalKek;
import dev.authpipe.vault.SealContext;
import dev.authpipe.vault.Sealed;
import dev.authpipe.vault.Secret;
import dev.authpipe.vault.Vault;
import dev.authpipe.vault.VaultException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every store implementation owes the domain, run on a real database by each subclass:
 * {@link SqliteStoreTest} on a SQLite file, {@link PostgresStoreTest} on PostgreSQL. A class opens
 * one migrated database; its tests share it and stay apart by working in projects of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreContract {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private final AtomicInteger sequence = new AtomicInteger();
    private final String kekBase64 = LocalKek.generateBase64();
    String url;
    Database db;
    Stores stores;
    Vault vault;

    /** Makes this class's own empty database and returns its JDBC URL. Called once, before any test. */
    abstract String createDatabase() throws Exception;

    /** Removes what {@link #createDatabase} made; called once, after every test, with the database closed. */
    abstract void dropDatabase() throws Exception;

    abstract Dialect expectedDialect();

    @BeforeAll
    final void openDatabase() throws Exception {
        url = createDatabase();
        db = Database.open(url);
        stores = Stores.on(db, Clock.fixed(T0, ZoneOffset.UTC));
        vault = newVault(stores.keyrings());
    }

    @AfterAll
    final void closeDatabase() throws Exception {
        try {
            if (db != null) {
                db.close();
            }
        } finally {
            dropDatabase();
        }
    }

    @Nested
    class Databases {
        @Test
        void isReachableAndKnowsItsDialect() {
            assertThat(db.isReachable()).isTrue();
            assertThat(db.dialect()).isEqualTo(expectedDialect());
        }

        @Test
        void aSecondDatabaseOnTheSameStorageSeesCommittedDataAndDoesNotMigrateAgain() {
            String projectId = newProject();
            Credential stored = stores.credentials().upsert(credential(installation(projectId, "harvest", "acme")));
            Event event = stores.events().append(event(projectId, EventType.INSTALLATION_CREATED, Map.of("n", 1)));

            try (Database second = Database.open(url)) {
                Stores again = Stores.on(second, Clock.systemUTC());
                assertThat(again.projects().find(projectId)).isPresent();
                assertThat(again.credentials().find(stored.key())).contains(stored);
                assertThat(again.events().page(projectId, 0, 10)).containsExactly(event);
                assertThat(scalar(second, "SELECT COUNT(*) FROM flyway_schema_history WHERE success = ?", true))
                        .as("migrations applied once")
                        .isEqualTo(String.valueOf(migrationFiles()));
            }
            assertThat(stores.credentials().find(stored.key())).contains(stored);
        }

        @Test
        void rowsOfAnUnknownProjectAreRefused() {
            String missing = unique("prj_missing");
            assertThatThrownBy(() -> stores.credentials().upsert(credential(installation(missing, "harvest", "acme"))))
                    .isInstanceOf(StoreException.class);
            assertThatThrownBy(() -> stores.connectSessions().insert(session(missing, unique("tok"), T0)))
                    .isInstanceOf(StoreException.class);
            assertThat(stores.credentials().find(installation(missing, "harvest", "acme")))
                    .isEmpty();
        }
    }

    @Nested
    class Projects {
        @Test
        void aCreatedProjectIsFoundByIdAndBySecretKeyHash() {
            Project project = new Project(
                    unique("prj"), "Acme Timesheets", List.of("https://app.acme.test", "http://localhost:3000"), T0);
            String hash = unique("hash");

            stores.projects().create(project, hash, "sk_live_ab12");

            assertThat(stores.projects().find(project.id())).contains(project);
            assertThat(stores.projects().findBySecretKeyHash(hash)).contains(project);
        }

        @Test
        void eachSecretKeyFindsItsOwnProject() {
            Project first = new Project(unique("prj"), "First", List.of(), T0);
            Project second = new Project(unique("prj"), "Second", List.of(), T0.plusSeconds(1));
            String firstHash = unique("hash");
            String secondHash = unique("hash");
            stores.projects().create(first, firstHash, "sk_1");
            stores.projects().create(second, secondHash, "sk_2");

            assertThat(stores.projects().findBySecretKeyHash(firstHash)).contains(first);
            assertThat(stores.projects().findBySecretKeyHash(secondHash)).contains(second);
        }

        @Test
        void unknownIdsAndHashesFindNothing() {
            newProject();
            assertThat(stores.projects().find(unique("prj_unknown"))).isEmpty();
            assertThat(stores.projects().findBySecretKeyHash(unique("hash_unknown")))
                    .isEmpty();
        }

        @Test
        void allowedOriginsKeepTheirOrderAndMayBeEmpty() {
            List<String> origins = List.of("https://z.example", "https://a.example:8443", "http://localhost:5173");
            Project withOrigins = new Project(unique("prj"), "With", origins, T0);
            Project without = new Project(unique("prj"), "Without", List.of(), T0);
            stores.projects().create(withOrigins, unique("hash"), "sk_w");
            stores.projects().create(without, unique("hash"), "sk_n");

            assertThat(stores.projects().find(withOrigins.id()).orElseThrow().allowedOrigins())
                    .containsExactlyElementsOf(origins);
            assertThat(stores.projects().find(without.id()).orElseThrow().allowedOrigins())
                    .isEmpty();
        }
    }

    @Nested
    class Keyrings {
        @Test
        void insertIfAbsentKeepsTheFirstWritersValue() {
            KeyScope scope = KeyScope.tenant(unique("prj"), "acme");
            byte[] first = randomBytes(1);
            byte[] second = randomBytes(2);
            assertThat(keyrings().find(scope)).isEmpty();

            assertThat(keyrings().insertIfAbsent(scope, first)).containsExactly(first);
            assertThat(keyrings().insertIfAbsent(scope, second)).containsExactly(first);
            assertThat(keyrings().find(scope).orElseThrow()).containsExactly(first);
        }

        @Test
        void replaceIsCompareAndSet() {
            KeyScope scope = KeyScope.project(unique("prj"));
            byte[] original = randomBytes(3);
            byte[] rotated = randomBytes(4);
            byte[] later = randomBytes(5);
            assertThat(keyrings().replace(scope, original, rotated))
                    .as("nothing stored yet")
                    .isFalse();
            keyrings().insertIfAbsent(scope, original);

            assertThat(keyrings().replace(scope, randomBytes(6), rotated))
                    .as("wrong expected value")
                    .isFalse();
            assertThat(keyrings().find(scope).orElseThrow()).containsExactly(original);

            assertThat(keyrings().replace(scope, original, rotated)).isTrue();
            assertThat(keyrings().find(scope).orElseThrow()).containsExactly(rotated);

            assertThat(keyrings().replace(scope, original, later))
                    .as("stale expected value")
                    .isFalse();
            assertThat(keyrings().find(scope).orElseThrow()).containsExactly(rotated);
        }

        @Test
        void deleteRemovesOnlyThatScope() {
            String projectId = unique("prj");
            KeyScope project = KeyScope.project(projectId);
            KeyScope acme = KeyScope.tenant(projectId, "acme");
            KeyScope globex = KeyScope.tenant(projectId, "globex");
            KeyScope otherProjectsAcme = KeyScope.tenant(unique("prj"), "acme");
            for (KeyScope scope : List.of(project, acme, globex, otherProjectsAcme)) {
                keyrings().insertIfAbsent(scope, scope.toString().getBytes(StandardCharsets.UTF_8));
            }

            keyrings().delete(acme);
            keyrings().delete(acme);

            assertThat(keyrings().find(acme)).isEmpty();
            assertThat(keyrings().find(project).orElseThrow())
                    .containsExactly(project.toString().getBytes(StandardCharsets.UTF_8));
            assertThat(keyrings().find(globex).orElseThrow())
                    .containsExactly(globex.toString().getBytes(StandardCharsets.UTF_8));
            assertThat(keyrings().find(otherProjectsAcme).orElseThrow())
                    .containsExactly(otherProjectsAcme.toString().getBytes(StandardCharsets.UTF_8));
        }

        @Test
        void theKekCheckIsStoredOnceAndNeverReplaced() {
            byte[] first = randomBytes(7);
            assertThat(keyrings().kekCheck()).isEmpty();

            assertThat(keyrings().insertKekCheckIfAbsent(first)).containsExactly(first);
            assertThat(keyrings().insertKekCheckIfAbsent(randomBytes(8))).containsExactly(first);
            assertThat(keyrings().kekCheck().orElseThrow()).containsExactly(first);
        }

        @Test
        void racingInsertsAllSeeTheOneStoredValue() throws Exception {
            KeyScope scope = KeyScope.tenant(unique("prj"), "contended");
            List<byte[]> offered =
                    IntStream.range(0, 8).mapToObj(i -> randomBytes(100 + i)).toList();

            List<byte[]> returned = Race.among(8, i -> keyrings().insertIfAbsent(scope, offered.get(i)));

            byte[] stored = keyrings().find(scope).orElseThrow();
            assertThat(offered).anySatisfy(o -> assertThat(o).containsExactly(stored));
            assertThat(returned).allSatisfy(r -> assertThat(r).containsExactly(stored));
        }

        @Test
        void keysetsOutliveTheVaultThatMadeThemAndDeletingOneShredsItsValues() {
            SealContext context = new SealContext(KeyScope.tenant(unique("prj"), "acme"), "credential/cr_1", "f");
            Sealed sealed = vault.seal(context, Secret.of("s3cr3t"));

            assertThat(newVault(keyrings()).open(context, sealed).reveal()).isEqualTo("s3cr3t");

            keyrings().delete(context.scope());
            assertThatThrownBy(() -> newVault(keyrings()).open(context, sealed)).isInstanceOf(VaultException.class);
        }

        private KeyringStore keyrings() {
            return stores.keyrings();
        }
    }

    @Nested
    class Integrations {
        @Test
        void upsertReturnsAndFindsWhatWasStored() {
            String projectId = newProject();
            Integration harvest = integration(projectId, "harvest", "client-1", "secret-1", T0);

            assertThat(stores.integrations().upsert(harvest)).isEqualTo(harvest);

            Integration found = stores.integrations().find(projectId, "harvest").orElseThrow();
            assertThat(found).isEqualTo(harvest);
            assertThat(vault.open(Integration.clientSecretContext(projectId, "harvest"), found.clientSecret())
                            .reveal())
                    .isEqualTo("secret-1");
            assertThat(stores.integrations().find(projectId, "github")).isEmpty();
        }

        @Test
        void aSecondUpsertReplacesTheFieldsButKeepsTheCreationTime() {
            String projectId = newProject();
            stores.integrations().upsert(integration(projectId, "harvest", "client-1", "secret-1", T0));
            Instant later = T0.plus(Duration.ofDays(3));
            Integration changed = new Integration(
                    projectId,
                    "harvest",
                    "client-2",
                    vault.seal(Integration.clientSecretContext(projectId, "harvest"), Secret.of("secret-2")),
                    List.of("projects:read"),
                    Map.of(),
                    Map.of("userAgent", "Other (other@example.test)"),
                    later,
                    later);

            Integration stored = stores.integrations().upsert(changed);

            Integration expected = new Integration(
                    projectId,
                    "harvest",
                    "client-2",
                    changed.clientSecret(),
                    List.of("projects:read"),
                    Map.of(),
                    Map.of("userAgent", "Other (other@example.test)"),
                    T0,
                    later);
            assertThat(stored).isEqualTo(expected);
            assertThat(stores.integrations().find(projectId, "harvest")).contains(expected);
            assertThat(stores.integrations().list(projectId)).containsExactly(expected);
        }

        @Test
        void listIsOrderedByProvider() {
            String projectId = newProject();
            for (String provider : List.of("zoho", "harvest", "github", "asana")) {
                stores.integrations().upsert(integration(projectId, provider, "c-" + provider, "s", T0));
            }

            assertThat(stores.integrations().list(projectId))
                    .extracting(Integration::provider)
                    .containsExactly("asana", "github", "harvest", "zoho");
            assertThat(stores.integrations().list(newProject())).isEmpty();
        }

        @Test
        void deleteRemovesOnlyThatIntegration() {
            String projectId = newProject();
            stores.integrations().upsert(integration(projectId, "harvest", "c1", "s1", T0));
            Integration github = stores.integrations().upsert(integration(projectId, "github", "c2", "s2", T0));

            assertThat(stores.integrations().delete(projectId, "harvest")).isTrue();
            assertThat(stores.integrations().delete(projectId, "harvest")).isFalse();

            assertThat(stores.integrations().find(projectId, "harvest")).isEmpty();
            assertThat(stores.integrations().list(projectId)).containsExactly(github);
        }

        @Test
        void projectsAreIsolated() {
            String first = newProject();
            String second = newProject();
            Integration firstHarvest = stores.integrations().upsert(integration(first, "harvest", "c1", "s1", T0));
            Integration secondHarvest = stores.integrations().upsert(integration(second, "harvest", "c2", "s2", T0));

            assertThat(stores.integrations().find(first, "harvest")).contains(firstHarvest);
            assertThat(stores.integrations().find(second, "harvest")).contains(secondHarvest);
            assertThat(stores.integrations().list(first)).containsExactly(firstHarvest);

            stores.integrations().delete(first, "harvest");
            assertThat(stores.integrations().find(first, "harvest")).isEmpty();
            assertThat(stores.integrations().find(second, "harvest")).contains(secondHarvest);
        }
    }

    @Nested
    class Credentials {
        @Test
        void anInstallationIsStoredWithoutAUserAndFoundByItsKey() throws Exception {
            String projectId = newProject();
            CredentialKey key = installation(projectId, "harvest", "acme");
            Credential credential = credential(key);

            assertThat(stores.credentials().upsert(credential)).isEqualTo(credential);

            Credential found = stores.credentials().find(key).orElseThrow();
            assertThat(found).isEqualTo(credential);
            assertThat(found.key().userId()).isNull();
            assertThat(found.key().credentialFor()).isEqualTo(CredentialFor.INSTALLATION);
            assertThat(scalar(db, "SELECT user_id FROM credentials WHERE id = ?", credential.id()))
                    .as("the table's user_id of an installation")
                    .isEmpty();
        }

        @Test
        void aUserCredentialIsSeparateFromItsInstallation() {
            String projectId = newProject();
            Credential installation =
                    stores.credentials().upsert(credential(installation(projectId, "harvest", "acme")));
            Credential alice = stores.credentials().upsert(credential(user(projectId, "harvest", "acme", "alice")));

            assertThat(stores.credentials().find(user(projectId, "harvest", "acme", "alice")))
                    .contains(alice);
            assertThat(stores.credentials().find(installation.key())).contains(installation);
            assertThat(stores.credentials().find(user(projectId, "harvest", "acme", "bob")))
                    .isEmpty();
            assertThat(alice.key().credentialFor()).isEqualTo(CredentialFor.USER);
            assertThat(alice.key().userId()).isEqualTo("alice");
        }

        @Test
        void upsertOnAnExistingKeyReplacesTheCredentialAsAReconnect() {
            String projectId = newProject();
            CredentialKey key = installation(projectId, "harvest", "acme");
            Credential first = stores.credentials().upsert(credential(key));
            Credential reconnected = new Credential(
                    unique("cr"),
                    key,
                    CredentialStatus.ACTIVE,
                    seal(key, "reconnected-access"),
                    null,
                    "bearer",
                    T0.plus(Duration.ofHours(5)),
                    List.of("all"),
                    Map.of("accountIds", List.of("9")),
                    T0.plus(Duration.ofHours(4)),
                    T0.plus(Duration.ofHours(4)),
                    null,
                    1);

            Credential stored = stores.credentials().upsert(reconnected);

            assertThat(stored.id()).isEqualTo(reconnected.id()).isNotEqualTo(first.id());
            assertThat(stored.accessToken()).isEqualTo(reconnected.accessToken());
            assertThat(stored.refreshToken()).isNull();
            assertThat(stored.expiresAt()).isEqualTo(reconnected.expiresAt());
            assertThat(stored.scopes()).containsExactly("all");
            assertThat(stored.metadata()).isEqualTo(reconnected.metadata());
            assertThat(stored.version()).as("versions only grow").isGreaterThan(first.version());
            assertThat(stores.credentials().find(key)).contains(stored);

            assertThat(stores.credentials()
                            .update(refreshed(first, "stale-refresh", T0.plusSeconds(60)), first.version()))
                    .as("a refresher holding the pre-reconnect credential")
                    .isFalse();
            assertThat(stores.credentials().find(key)).contains(stored);
        }

        @Test
        void updateWithTheCurrentVersionWritesAndBumpsTheVersion() {
            String projectId = newProject();
            Credential stored = stores.credentials().upsert(credential(user(projectId, "harvest", "acme", "alice")));
            Credential refreshed = refreshed(stored, "access-2", T0.plus(Duration.ofMinutes(50)));

            assertThat(stores.credentials().update(refreshed, stored.version())).isTrue();

            assertThat(stores.credentials().find(stored.key())).contains(withVersion(refreshed, stored.version() + 1));
        }

        @Test
        void updateCanClearTheExpiryAndTheRefreshToken() {
            String projectId = newProject();
            Credential stored = stores.credentials().upsert(credential(installation(projectId, "harvest", "acme")));
            Credential revoked = new Credential(
                    stored.id(),
                    stored.key(),
                    CredentialStatus.REVOKED,
                    stored.accessToken(),
                    null,
                    stored.tokenType(),
                    null,
                    List.of(),
                    Map.of(),
                    stored.createdAt(),
                    T0.plus(Duration.ofDays(1)),
                    null,
                    stored.version());

            assertThat(stores.credentials().update(revoked, stored.version())).isTrue();

            assertThat(stores.credentials().find(stored.key())).contains(withVersion(revoked, stored.version() + 1));
        }

        @Test
        void updateWithAStaleVersionChangesNothing() {
            String projectId = newProject();
            Credential stored = stores.credentials().upsert(credential(installation(projectId, "harvest", "acme")));
            Credential winner = refreshed(stored, "winner", T0.plusSeconds(10));
            Credential loser = refreshed(stored, "loser", T0.plusSeconds(20));
            assertThat(stores.credentials().update(winner, stored.version())).isTrue();

            assertThat(stores.credentials().update(loser, stored.version())).isFalse();
            assertThat(stores.credentials().update(loser, stored.version() + 7)).isFalse();

            assertThat(stores.credentials().find(stored.key())).contains(withVersion(winner, stored.version() + 1));
        }

        @Test
        void deleteRemovesOnlyThatCredential() {
            String projectId = newProject();
            Credential installation =
                    stores.credentials().upsert(credential(installation(projectId, "harvest", "acme")));
            Credential alice = stores.credentials().upsert(credential(user(projectId, "harvest", "acme", "alice")));

            assertThat(stores.credentials().delete(alice.key())).isTrue();
            assertThat(stores.credentials().delete(alice.key())).isFalse();

            assertThat(stores.credentials().find(alice.key())).isEmpty();
            assertThat(stores.credentials().find(installation.key())).contains(installation);
        }

        @Test
        void deleteInstallationRemovesItsUsersButNoOtherTenantOrProvider() {
            String projectId = newProject();
            CredentialKey acme = installation(projectId, "harvest", "acme");
            stores.credentials().upsert(credential(acme));
            stores.credentials().upsert(credential(user(projectId, "harvest", "acme", "alice")));
            stores.credentials().upsert(credential(user(projectId, "harvest", "acme", "bob")));
            List<Credential> kept = List.of(
                    stores.credentials().upsert(credential(installation(projectId, "harvest", "globex"))),
                    stores.credentials().upsert(credential(user(projectId, "harvest", "globex", "alice"))),
                    stores.credentials().upsert(credential(installation(projectId, "github", "acme"))),
                    stores.credentials().upsert(credential(user(projectId, "github", "acme", "alice"))));
            String otherProject = newProject();
            Credential otherProjects =
                    stores.credentials().upsert(credential(installation(otherProject, "harvest", "acme")));

            assertThat(stores.credentials().deleteInstallation(acme)).isEqualTo(3);

            assertThat(stores.credentials().find(acme)).isEmpty();
            assertThat(stores.credentials().find(user(projectId, "harvest", "acme", "alice")))
                    .isEmpty();
            assertThat(stores.credentials().find(user(projectId, "harvest", "acme", "bob")))
                    .isEmpty();
            for (Credential c : kept) {
                assertThat(stores.credentials().find(c.key())).contains(c);
            }
            assertThat(stores.credentials().find(otherProjects.key())).contains(otherProjects);
            assertThat(stores.credentials().deleteInstallation(acme)).isZero();
        }

        @Test
        void listInstallationsFiltersByProviderTenantAndStatus() {
            String projectId = newProject();
            Credential githubAcme = stores.credentials()
                    .upsert(credential(installation(projectId, "github", "acme"), CredentialStatus.ACTIVE));
            Credential githubGlobex = stores.credentials()
                    .upsert(credential(installation(projectId, "github", "globex"), CredentialStatus.REVOKED));
            Credential harvestAcme = stores.credentials()
                    .upsert(credential(installation(projectId, "harvest", "acme"), CredentialStatus.ACTIVE));
            Credential harvestInitech = stores.credentials()
                    .upsert(credential(installation(projectId, "harvest", "initech"), CredentialStatus.EXPIRED));
            stores.credentials().upsert(credential(user(projectId, "harvest", "acme", "alice")));
            stores.credentials().upsert(credential(installation(newProject(), "harvest", "acme")));

            assertThat(list(projectId, null, null, null, null, 100))
                    .containsExactly(githubAcme, githubGlobex, harvestAcme, harvestInitech);
            assertThat(list(projectId, "harvest", null, null, null, 100)).containsExactly(harvestAcme, harvestInitech);
            assertThat(list(projectId, null, "acme", null, null, 100)).containsExactly(githubAcme, harvestAcme);
            assertThat(list(projectId, null, null, CredentialStatus.REVOKED, null, 100))
                    .containsExactly(githubGlobex);
            assertThat(list(projectId, "harvest", null, CredentialStatus.ACTIVE, null, 100))
                    .containsExactly(harvestAcme);
            assertThat(list(projectId, "harvest", "acme", CredentialStatus.EXPIRED, null, 100))
                    .isEmpty();
            assertThat(list(projectId, null, null, null, null, 2)).containsExactly(githubAcme, githubGlobex);
            assertThat(list(projectId, null, "acme", null, new InstallationQuery.After("github", "acme"), 100))
                    .containsExactly(harvestAcme);
        }

        @Test
        void listInstallationsPagesByProviderAndTenantWithoutGapsOrDuplicates() {
            String projectId = newProject();
            List<CredentialKey> keys = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                keys.add(installation(projectId, i % 2 == 0 ? "harvest" : "github", "t%02d".formatted(i)));
            }
            Collections.shuffle(keys, new Random(42));
            for (CredentialKey key : keys) {
                stores.credentials().upsert(credential(key));
                stores.credentials().upsert(credential(user(projectId, key.provider(), key.tenantId(), "u1")));
            }

            List<CredentialKey> seen = new ArrayList<>();
            List<Integer> pageSizes = new ArrayList<>();
            InstallationQuery.After after = null;
            // Bounded, so a cursor that stops advancing fails the test instead of looping forever.
            for (int pages = 0; pages < 10; pages++) {
                List<Credential> page = list(projectId, null, null, null, after, 10);
                if (page.isEmpty()) {
                    break;
                }
                pageSizes.add(page.size());
                page.forEach(c -> seen.add(c.key()));
                Credential last = page.get(page.size() - 1);
                after = new InstallationQuery.After(
                        last.key().provider(), last.key().tenantId());
            }

            List<CredentialKey> expected = keys.stream()
                    .sorted(Comparator.comparing(CredentialKey::provider).thenComparing(CredentialKey::tenantId))
                    .toList();
            assertThat(pageSizes).containsExactly(10, 10, 5);
            assertThat(seen).containsExactlyElementsOf(expected);
        }

        @Test
        void listUsersPagesByUserIdWithinOneInstallation() {
            String projectId = newProject();
            CredentialKey acme = installation(projectId, "harvest", "acme");
            stores.credentials().upsert(credential(acme));
            List<String> userIds = new ArrayList<>(List.of("u01", "u02", "u03", "u04", "u05", "u06", "u07"));
            Collections.shuffle(userIds, new Random(7));
            for (String userId : userIds) {
                stores.credentials().upsert(credential(user(projectId, "harvest", "acme", userId)));
            }
            stores.credentials().upsert(credential(user(projectId, "harvest", "globex", "u00")));
            stores.credentials().upsert(credential(user(projectId, "github", "acme", "u00")));

            assertThat(userIds(stores.credentials().listUsers(acme, null, 3))).containsExactly("u01", "u02", "u03");
            assertThat(userIds(stores.credentials().listUsers(acme, "u03", 3))).containsExactly("u04", "u05", "u06");
            assertThat(userIds(stores.credentials().listUsers(acme, "u06", 3))).containsExactly("u07");
            assertThat(stores.credentials().listUsers(acme, "u07", 3)).isEmpty();
            assertThat(stores.credentials().listUsers(acme, null, 100))
                    .allSatisfy(c -> assertThat(c.key().installationKey()).isEqualTo(acme));
        }

        @Test
        void tenantHasCredentialsWhileAnyOfItsCredentialsRemain() {
            String projectId = newProject();
            CredentialKey alice = user(projectId, "harvest", "acme", "alice");
            CredentialKey installation = installation(projectId, "github", "acme");
            stores.credentials().upsert(credential(installation(newProject(), "harvest", "acme")));
            assertThat(stores.credentials().tenantHasCredentials(projectId, "acme"))
                    .as("another project's tenant of the same id")
                    .isFalse();

            stores.credentials().upsert(credential(alice));
            assertThat(stores.credentials().tenantHasCredentials(projectId, "acme"))
                    .isTrue();
            stores.credentials().upsert(credential(installation));
            stores.credentials().delete(alice);
            assertThat(stores.credentials().tenantHasCredentials(projectId, "acme"))
                    .isTrue();
            assertThat(stores.credentials().tenantHasCredentials(projectId, "globex"))
                    .isFalse();

            stores.credentials().deleteInstallation(installation);
            assertThat(stores.credentials().tenantHasCredentials(projectId, "acme"))
                    .isFalse();
        }

        @Test
        void metadataRoundTripsAsJson() {
            String projectId = newProject();
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("accountIds", List.of("123", "456"));
            metadata.put("count", 42);
            metadata.put("big", 12_345_678_901L);
            metadata.put("ratio", 0.25);
            metadata.put("admin", true);
            metadata.put("missing", null);
            metadata.put("nested", Map.of("teams", List.of(Map.of("id", 7, "name", "Ops")), "none", List.of()));
            metadata.put("emptyText", "");
            CredentialKey key = installation(projectId, "harvest", "acme");
            Credential credential = with(credential(key), List.of("read"), metadata);

            stores.credentials().upsert(credential);

            Map<String, Object> found =
                    stores.credentials().find(key).orElseThrow().metadata();
            assertThat(found).isEqualTo(metadata);
            assertThat(found.keySet()).containsExactlyElementsOf(metadata.keySet());
            assertThat(found).containsEntry("missing", null);
        }

        @Test
        void scopesKeepTheirOrder() {
            String projectId = newProject();
            List<String> scopes = List.of("zeta", "alpha", "users:read", "alpha:write", "Beta");
            CredentialKey key = installation(projectId, "harvest", "acme");
            stores.credentials().upsert(with(credential(key), scopes, Map.of()));
            CredentialKey empty = installation(projectId, "harvest", "globex");
            stores.credentials().upsert(with(credential(empty), List.of(), Map.of()));

            assertThat(stores.credentials().find(key).orElseThrow().scopes()).containsExactlyElementsOf(scopes);
            assertThat(stores.credentials().find(empty).orElseThrow().scopes()).isEmpty();
        }

        @Test
        void absentExpiryRefreshTokenAndRefreshTimeRoundTripAsNull() {
            String projectId = newProject();
            CredentialKey key = installation(projectId, "harvest", "acme");
            Credential noExpiry = new Credential(
                    unique("cr"),
                    key,
                    CredentialStatus.ACTIVE,
                    seal(key, "long-lived"),
                    null,
                    "bearer",
                    null,
                    List.of(),
                    Map.of(),
                    T0,
                    T0,
                    null,
                    1);

            stores.credentials().upsert(noExpiry);

            Credential found = stores.credentials().find(key).orElseThrow();
            assertThat(found).isEqualTo(noExpiry);
            assertThat(found.expiresAt()).isNull();
            assertThat(found.refreshToken()).isNull();
            assertThat(found.refreshedAt()).isNull();
            assertThat(found.hasRefreshToken()).isFalse();
        }

        @Test
        void sealedTokensRoundTripExactlyAndStillOpen() {
            String projectId = newProject();
            CredentialKey key = user(projectId, "harvest", "acme", "alice");
            Credential credential = credential(key);

            stores.credentials().upsert(credential);

            Credential found = stores.credentials().find(key).orElseThrow();
            assertThat(found.accessToken()).isEqualTo(credential.accessToken());
            assertThat(found.refreshToken()).isEqualTo(credential.refreshToken());
            assertThat(found.accessToken().toText())
                    .isEqualTo(credential.accessToken().toText());
            assertThat(vault.open(tokenContext(key, "access_token"), found.accessToken())
                            .reveal())
                    .isEqualTo("access-for-" + key);
        }

        private List<Credential> list(
                String projectId,
                String provider,
                String tenantId,
                CredentialStatus status,
                InstallationQuery.After after,
                int limit) {
            return stores.credentials()
                    .listInstallations(projectId, new InstallationQuery(provider, tenantId, status, after, limit));
        }

        private List<String> userIds(List<Credential> credentials) {
            return credentials.stream().map(c -> c.key().userId()).toList();
        }
    }

    @Nested
    class ConnectSessions {
        @Test
        void anInsertedSessionIsFoundByItsTokenHash() {
            String projectId = newProject();
            ConnectSession session = session(projectId, unique("tok"), T0);

            stores.connectSessions().insert(session);

            assertThat(stores.connectSessions().findByTokenHash(session.tokenHash()))
                    .contains(session);
            assertThat(stores.connectSessions().findByTokenHash(unique("tok_unknown")))
                    .isEmpty();
            assertThat(stores.connectSessions().findByStateHash(unique("state_unknown")))
                    .isEmpty();
        }

        @Test
        void anInstallationSessionHasNoUserOriginOrReturnUrl() {
            String projectId = newProject();
            ConnectSession session = new ConnectSession(
                    unique("cs"),
                    unique("tok"),
                    projectId,
                    "harvest",
                    "acme",
                    CredentialFor.INSTALLATION,
                    null,
                    null,
                    null,
                    T0,
                    T0.plus(Duration.ofMinutes(10)),
                    null,
                    null,
                    null,
                    null,
                    null);

            stores.connectSessions().insert(session);

            assertThat(stores.connectSessions().findByTokenHash(session.tokenHash()))
                    .contains(session);

            String stateHash = unique("state");
            Instant stateExpiresAt = T0.plus(Duration.ofMinutes(15));
            assertThat(stores.connectSessions().start(session.id(), stateHash, null, stateExpiresAt, T0))
                    .as("a provider without PKCE has no verifier")
                    .isTrue();
            assertThat(stores.connectSessions().findByStateHash(stateHash))
                    .contains(started(session, T0, stateHash, stateExpiresAt, null));
        }

        @Test
        void startRecordsThePendingAuthorizationOnce() {
            String projectId = newProject();
            ConnectSession session = session(projectId, unique("tok"), T0);
            stores.connectSessions().insert(session);
            String stateHash = unique("state");
            Sealed verifier = vault.seal(
                    ConnectSession.verifierContext(projectId, "acme", session.id()), Secret.of("verifier-1"));
            Instant startedAt = T0.plusSeconds(30);
            Instant stateExpiresAt = T0.plus(Duration.ofMinutes(15));

            assertThat(stores.connectSessions().start(session.id(), stateHash, verifier, stateExpiresAt, startedAt))
                    .isTrue();
            assertThat(stores.connectSessions()
                            .start(
                                    session.id(),
                                    unique("state"),
                                    null,
                                    T0.plus(Duration.ofHours(1)),
                                    T0.plusSeconds(40)))
                    .as("second start")
                    .isFalse();

            ConnectSession started = started(session, startedAt, stateHash, stateExpiresAt, verifier);
            assertThat(stores.connectSessions().findByStateHash(stateHash)).contains(started);
            assertThat(stores.connectSessions().findByTokenHash(session.tokenHash()))
                    .contains(started);
            assertThat(stores.connectSessions().start(unique("cs_unknown"), unique("state"), null, T0, T0))
                    .isFalse();
        }

        @Test
        void completeSucceedsOnce() {
            String projectId = newProject();
            ConnectSession session = session(projectId, unique("tok"), T0);
            stores.connectSessions().insert(session);
            Instant completedAt = T0.plusSeconds(90);

            assertThat(stores.connectSessions().complete(session.id(), completedAt))
                    .isTrue();
            assertThat(stores.connectSessions().complete(session.id(), completedAt.plusSeconds(1)))
                    .isFalse();

            assertThat(stores.connectSessions()
                            .findByTokenHash(session.tokenHash())
                            .orElseThrow()
                            .completedAt())
                    .isEqualTo(completedAt);
        }

        @Test
        void racingCompletionsHaveExactlyOneWinner() throws Exception {
            String projectId = newProject();
            ConnectSession session = session(projectId, unique("tok"), T0);
            stores.connectSessions().insert(session);

            List<Boolean> outcomes =
                    Race.among(8, i -> stores.connectSessions().complete(session.id(), T0.plusSeconds(i + 1)));

            assertThat(outcomes).containsOnlyOnce(true).hasSize(8);
            Instant completedAt = stores.connectSessions()
                    .findByTokenHash(session.tokenHash())
                    .orElseThrow()
                    .completedAt();
            assertThat(completedAt).isEqualTo(T0.plusSeconds(outcomes.indexOf(true) + 1));
        }

        @Test
        void deleteExpiredRemovesOnlySessionsThatExpiredBeforeTheCutoff() {
            // Far before T0, so other tests' sessions in this database are untouched.
            Instant cutoff = Instant.parse("2001-01-01T00:00:00Z");
            String projectId = newProject();
            ConnectSession longGone = sessionExpiringAt(projectId, cutoff.minus(Duration.ofDays(1)));
            ConnectSession justGone = sessionExpiringAt(projectId, cutoff.minusMillis(1));
            ConnectSession atCutoff = sessionExpiringAt(projectId, cutoff);
            ConnectSession alive = sessionExpiringAt(projectId, cutoff.plus(Duration.ofMinutes(5)));
            for (ConnectSession s : List.of(longGone, justGone, atCutoff, alive)) {
                stores.connectSessions().insert(s);
            }

            assertThat(stores.connectSessions().deleteExpired(cutoff)).isEqualTo(2);

            assertThat(stores.connectSessions().findByTokenHash(longGone.tokenHash()))
                    .isEmpty();
            assertThat(stores.connectSessions().findByTokenHash(justGone.tokenHash()))
                    .isEmpty();
            assertThat(stores.connectSessions().findByTokenHash(atCutoff.tokenHash()))
                    .contains(atCutoff);
            assertThat(stores.connectSessions().findByTokenHash(alive.tokenHash()))
                    .contains(alive);
            assertThat(stores.connectSessions().deleteExpired(cutoff)).isZero();
        }

        private ConnectSession sessionExpiringAt(String projectId, Instant expiresAt) {
            ConnectSession s = session(projectId, unique("tok"), expiresAt.minus(Duration.ofMinutes(10)));
            return started(s, null, null, null, null);
        }

        private ConnectSession started(
                ConnectSession s, Instant startedAt, String stateHash, Instant stateExpiresAt, Sealed verifier) {
            return new ConnectSession(
                    s.id(),
                    s.tokenHash(),
                    s.projectId(),
                    s.provider(),
                    s.tenantId(),
                    s.credentialFor(),
                    s.userId(),
                    s.origin(),
                    s.returnUrl(),
                    s.createdAt(),
                    s.expiresAt(),
                    startedAt,
                    stateHash,
                    stateExpiresAt,
                    verifier,
                    s.completedAt());
        }
    }

    @Nested
    class Events {
        @Test
        void appendAssignsIncreasingSequences() {
            String projectId = newProject();
            List<Event> appended = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Event event = event(projectId, EventType.CREDENTIAL_REFRESHED, Map.of("i", i));
                Event stored = stores.events().append(event);
                assertThat(stored)
                        .isEqualTo(new Event(
                                stored.sequence(),
                                event.id(),
                                projectId,
                                event.type(),
                                event.createdAt(),
                                event.data()));
                appended.add(stored);
            }

            List<Long> sequences = appended.stream().map(Event::sequence).toList();
            assertThat(sequences.get(0)).isPositive();
            assertThat(sequences).isSorted().doesNotHaveDuplicates();
        }

        @Test
        void pageReadsFromTheCursorInOrderWithinTheLimit() {
            String projectId = newProject();
            List<Event> appended = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                appended.add(stores.events().append(event(projectId, EventType.USER_AUTHORIZED, Map.of("i", i))));
            }

            assertThat(stores.events().page(projectId, 0, 3)).containsExactlyElementsOf(appended.subList(0, 3));
            assertThat(stores.events().page(projectId, appended.get(2).sequence(), 3))
                    .containsExactlyElementsOf(appended.subList(3, 6));
            assertThat(stores.events().page(projectId, appended.get(5).sequence(), 3))
                    .containsExactly(appended.get(6));
            assertThat(stores.events().page(projectId, appended.get(6).sequence(), 3))
                    .isEmpty();
            assertThat(stores.events().page(projectId, 0, 100)).containsExactlyElementsOf(appended);
        }

        @Test
        void pageShowsOnlyThatProjectsEvents() {
            String mine = newProject();
            String theirs = newProject();
            List<Event> myEvents = new ArrayList<>();
            List<Event> theirEvents = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                myEvents.add(stores.events().append(event(mine, EventType.INSTALLATION_CREATED, Map.of("i", i))));
                theirEvents.add(stores.events().append(event(theirs, EventType.INSTALLATION_CREATED, Map.of("i", i))));
            }

            assertThat(stores.events().page(mine, 0, 100)).containsExactlyElementsOf(myEvents);
            assertThat(stores.events().page(theirs, 0, 100)).containsExactlyElementsOf(theirEvents);
            assertThat(stores.events().page(unique("prj_none"), 0, 100)).isEmpty();
        }

        @Test
        void dataRoundTripsAsJson() {
            String projectId = newProject();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("provider", "harvest");
            data.put("tenantId", "acme");
            data.put("accountIds", List.of("1", "2"));
            data.put("attempt", 3);
            data.put("retryAfterSeconds", 2.5);
            data.put("terminal", false);
            data.put("error", null);
            data.put("details", Map.of("status", 503, "headers", List.of()));

            Event stored = stores.events().append(event(projectId, EventType.CREDENTIAL_REFRESH_FAILED, data));

            Event found = stores.events().page(projectId, 0, 10).get(0);
            assertThat(found).isEqualTo(stored);
            assertThat(found.type()).isEqualTo(EventType.CREDENTIAL_REFRESH_FAILED);
            assertThat(found.data()).isEqualTo(data);
            assertThat(found.data().keySet()).containsExactlyElementsOf(data.keySet());
        }
    }

    @Nested
    class Transactions {
        @Test
        void aRuntimeExceptionRollsBackEveryWriteOfTheTransaction() {
            String projectId = newProject();
            CredentialKey key = installation(projectId, "harvest", "acme");
            Credential credential = credential(key);
            Integration integration = integration(projectId, "harvest", "c1", "s1", T0);
            RuntimeException failure = new IllegalStateException("provider said no");

            assertThatThrownBy(() -> db.<Void>inTransaction(() -> {
                        stores.credentials().upsert(credential);
                        stores.events().append(event(projectId, EventType.INSTALLATION_CREATED, Map.of()));
                        stores.integrations().upsert(integration);
                        assertThat(stores.credentials().find(key))
                                .as("visible inside")
                                .contains(credential);
                        throw failure;
                    }))
                    .isSameAs(failure);

            assertThat(stores.credentials().find(key)).isEmpty();
            assertThat(stores.events().page(projectId, 0, 10)).isEmpty();
            assertThat(stores.integrations().find(projectId, "harvest")).isEmpty();
        }

        @Test
        void aCommittedTransactionReturnsItsResultAndKeepsEveryWrite() {
            String projectId = newProject();
            CredentialKey key = installation(projectId, "harvest", "acme");
            Credential credential = credential(key);

            Event event = db.inTransaction(() -> {
                stores.credentials().upsert(credential);
                return stores.events().append(event(projectId, EventType.INSTALLATION_CREATED, Map.of()));
            });

            assertThat(stores.credentials().find(key)).contains(credential);
            assertThat(stores.events().page(projectId, 0, 10)).containsExactly(event);
        }

        @Test
        void aNestedTransactionJoinsTheOuterOne() {
            String projectId = newProject();
            CredentialKey outerKey = installation(projectId, "harvest", "acme");
            CredentialKey innerKey = user(projectId, "harvest", "acme", "alice");
            RuntimeException failure = new IllegalStateException("after the inner transaction");

            assertThatThrownBy(() -> db.<Void>inTransaction(() -> {
                        stores.credentials().upsert(credential(outerKey));
                        db.inTransaction(() -> {
                            assertThat(stores.credentials().find(outerKey))
                                    .as("the outer write, seen inside")
                                    .isPresent();
                            return stores.credentials().upsert(credential(innerKey));
                        });
                        throw failure;
                    }))
                    .isSameAs(failure);

            assertThat(stores.credentials().find(outerKey)).isEmpty();
            assertThat(stores.credentials().find(innerKey))
                    .as("the inner transaction committed nothing on its own")
                    .isEmpty();
        }

        @Test
        void uncommittedWritesAreInvisibleToOtherThreadsUntilCommit() throws Exception {
            String projectId = newProject();
            CredentialKey key = installation(projectId, "harvest", "acme");
            Credential credential = credential(key);

            db.inTransaction(() -> {
                stores.credentials().upsert(credential);
                assertThat(seenElsewhere(key)).isEmpty();
                return null;
            });

            assertThat(seenElsewhere(key)).contains(credential);
        }

        @Test
        void aWriteOutsideAnyTransactionIsVisibleImmediately() throws Exception {
            String projectId = newProject();
            CredentialKey key = installation(projectId, "harvest", "acme");
            Credential credential = stores.credentials().upsert(credential(key));

            assertThat(seenElsewhere(key)).contains(credential);
            assertThat(Race.onAnotherThread(
                            () -> db.inTransaction(() -> stores.credentials().find(key))))
                    .contains(credential);
        }

        @Test
        void concurrentTransactionalWritersAllSucceed() throws Exception {
            String projectId = newProject();
            CredentialKey sealingKey = installation(projectId, "harvest", "shared");
            Sealed access = seal(sealingKey, "access");
            int threads = 8;
            int writesEach = 50;

            List<Integer> written = Race.among(threads, t -> {
                for (int i = 0; i < writesEach; i++) {
                    CredentialKey key = installation(projectId, "harvest", "w%d-%02d".formatted(t, i));
                    Credential credential = new Credential(
                            unique("cr"),
                            key,
                            CredentialStatus.ACTIVE,
                            access,
                            null,
                            "bearer",
                            null,
                            List.of(),
                            Map.of("writer", t),
                            T0,
                            T0,
                            null,
                            1);
                    db.inTransaction(() -> {
                        // Read first: on SQLite a deferred transaction could not upgrade to a writer here.
                        assertThat(stores.credentials().find(key)).isEmpty();
                        assertThat(stores.credentials().tenantHasCredentials(projectId, key.tenantId()))
                                .isFalse();
                        stores.credentials().upsert(credential);
                        return stores.events()
                                .append(event(
                                        projectId, EventType.INSTALLATION_CREATED, Map.of("tenantId", key.tenantId())));
                    });
                }
                return writesEach;
            });

            assertThat(written).containsOnly(writesEach).hasSize(threads);
            List<Credential> all = stores.credentials()
                    .listInstallations(projectId, new InstallationQuery(null, null, null, null, 1000));
            assertThat(all).hasSize(threads * writesEach);
            assertThat(new HashSet<>(all.stream().map(c -> c.key().tenantId()).toList()))
                    .hasSize(threads * writesEach);
            List<Event> events = stores.events().page(projectId, 0, 1000);
            assertThat(events).hasSize(threads * writesEach);
            assertThat(events.stream().map(Event::sequence).toList()).isSorted().doesNotHaveDuplicates();
        }

        private Optional<Credential> seenElsewhere(CredentialKey key) {
            return Race.onAnotherThread(() -> stores.credentials().find(key));
        }
    }

    // Fixtures. Times are whole milliseconds, the stores' precision.

    String unique(String prefix) {
        return prefix + "_" + sequence.incrementAndGet();
    }

    String newProject() {
        Project project = new Project(unique("prj"), "Project", List.of("https://app.example.test"), T0);
        stores.projects().create(project, unique("hash"), "sk_test");
        return project.id();
    }

    Vault newVault(KeyringStore keyrings) {
        return new Vault(LocalKek.fromBase64(kekBase64), keyrings);
    }

    static CredentialKey installation(String projectId, String provider, String tenantId) {
        return CredentialKey.installation(projectId, provider, tenantId);
    }

    static CredentialKey user(String projectId, String provider, String tenantId, String userId) {
        return CredentialKey.user(projectId, provider, tenantId, userId);
    }

    static SealContext tokenContext(CredentialKey key, String field) {
        return new SealContext(key.keyScope(), "credential/" + key, field);
    }

    Sealed seal(CredentialKey key, String plaintext) {
        return vault.seal(tokenContext(key, "access_token"), Secret.of(plaintext));
    }

    Credential credential(CredentialKey key) {
        return credential(key, CredentialStatus.ACTIVE);
    }

    Credential credential(CredentialKey key, CredentialStatus status) {
        return new Credential(
                unique("cr"),
                key,
                status,
                seal(key, "access-for-" + key),
                vault.seal(tokenContext(key, "refresh_token"), Secret.of("refresh-for-" + key)),
                "Bearer",
                T0.plus(Duration.ofHours(1)),
                List.of("harvest:all", "profile"),
                Map.of("accountIds", List.of("1001")),
                T0,
                T0,
                null,
                1);
    }

    /** {@code c} after a refresh at {@code at} that issued {@code accessToken}. */
    Credential refreshed(Credential c, String accessToken, Instant at) {
        return new Credential(
                c.id(),
                c.key(),
                CredentialStatus.ACTIVE,
                seal(c.key(), accessToken),
                vault.seal(tokenContext(c.key(), "refresh_token"), Secret.of("refresh-" + accessToken)),
                "bearer",
                at.plus(Duration.ofHours(1)),
                List.of("harvest:all"),
                Map.of("refreshedBy", accessToken),
                c.createdAt(),
                at,
                at,
                c.version());
    }

    static Credential withVersion(Credential c, long version) {
        return new Credential(
                c.id(),
                c.key(),
                c.status(),
                c.accessToken(),
                c.refreshToken(),
                c.tokenType(),
                c.expiresAt(),
                c.scopes(),
                c.metadata(),
                c.createdAt(),
                c.updatedAt(),
                c.refreshedAt(),
                version);
    }

    static Credential with(Credential c, List<String> scopes, Map<String, Object> metadata) {
        return new Credential(
                c.id(),
                c.key(),
                c.status(),
                c.accessToken(),
                c.refreshToken(),
                c.tokenType(),
                c.expiresAt(),
                scopes,
                metadata,
                c.createdAt(),
                c.updatedAt(),
                c.refreshedAt(),
                c.version());
    }

    Integration integration(String projectId, String provider, String clientId, String secret, Instant at) {
        return new Integration(
                projectId,
                provider,
                clientId,
                vault.seal(Integration.clientSecretContext(projectId, provider), Secret.of(secret)),
                List.of("read", "write"),
                Map.of("authorize", "https://id.example.test/" + provider + "/authorize"),
                Map.of("userAgent", "Acme (ops@acme.test)"),
                at,
                at);
    }

    static ConnectSession session(String projectId, String tokenHash, Instant createdAt) {
        return new ConnectSession(
                "cs_" + tokenHash,
                tokenHash,
                projectId,
                "harvest",
                "acme",
                CredentialFor.USER,
                "alice",
                "https://app.example.test",
                "https://app.example.test/connected?x=1",
                createdAt,
                createdAt.plus(Duration.ofMinutes(10)),
                null,
                null,
                null,
                null,
                null);
    }

    Event event(String projectId, EventType type, Map<String, Object> data) {
        return new Event(0, unique("evt"), projectId, type, T0, data);
    }

    /** Bytes that differ per {@code seed}, spanning every byte value so encodings are exercised. */
    static byte[] randomBytes(int seed) {
        byte[] bytes = new byte[300];
        new Random(seed).nextBytes(bytes);
        for (int i = 0; i < 256; i++) {
            bytes[i] = (byte) (i ^ seed);
        }
        return bytes;
    }

    /** The first column of the first row of a raw query on {@code database}, as text. */
    static String scalar(Database database, String sql, Object param) {
        return database.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, param);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).as("a row for %s", sql).isTrue();
                    return rs.getString(1);
                }
            }
        });
    }

    /** How many versioned migrations the module ships. */
    static long migrationFiles() {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration"))) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
