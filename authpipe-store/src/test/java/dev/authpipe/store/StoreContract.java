package dev.authpipe.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authpipe.connect.ConnectSession;
import dev.authpipe.credential.Credential;
import dev.authpipe.credential.CredentialFor;
import dev.authpipe.credential.CredentialKey;
import dev.authpipe.credential.CredentialStatus;
import dev.authpipe.credential.CredentialStore;
import dev.authpipe.credential.InstallationQuery;
import dev.authpipe.credential.Integration;
import dev.authpipe.credential.Project;
import dev.authpipe.credential.RefreshState;
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
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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

    /**
     * Makes another empty database, apart from this class's own, and returns its JDBC URL; removed
     * with this class's own by {@link #dropDatabase}.
     */
    abstract String anotherEmptyDatabase() throws Exception;

    /** {@link JdbcCredentialStore#due}'s query, copied, so plans can be checked on each database. */
    static final String DUE_SQL = "SELECT project_id, provider, tenant_id, credential_for, user_id FROM credentials"
            + " WHERE next_refresh_at IS NOT NULL AND next_refresh_at <= ?"
            + " AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_refresh_at LIMIT ?";

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
                    null,
                    null);

            stores.connectSessions().insert(session);

            assertThat(stores.connectSessions().findByTokenHash(session.tokenHash()))
                    .contains(session);

            String stateHash = unique("state");
            Instant stateExpiresAt = T0.plus(Duration.ofMinutes(15));
            assertThat(stores.connectSessions().start(session.id(), stateHash, null, stateExpiresAt, null, T0))
                    .as("a provider without PKCE has no verifier")
                    .isTrue();
            assertThat(stores.connectSessions().findByStateHash(stateHash))
                    .contains(started(session, T0, stateHash, stateExpiresAt, null, null));
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

            assertThat(stores.connectSessions()
                            .start(session.id(), stateHash, verifier, stateExpiresAt, "browser-hash", startedAt))
                    .isTrue();
            assertThat(stores.connectSessions()
                            .start(
                                    session.id(),
                                    unique("state"),
                                    null,
                                    T0.plus(Duration.ofHours(1)),
                                    null,
                                    T0.plusSeconds(40)))
                    .as("second start")
                    .isFalse();

            ConnectSession started = started(session, startedAt, stateHash, stateExpiresAt, verifier, "browser-hash");
            assertThat(stores.connectSessions().findByStateHash(stateHash)).contains(started);
            assertThat(stores.connectSessions().findByTokenHash(session.tokenHash()))
                    .contains(started);
            assertThat(stores.connectSessions().start(unique("cs_unknown"), unique("state"), null, T0, null, T0))
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
            return started(s, null, null, null, null, null);
        }

        private ConnectSession started(
                ConnectSession s,
                Instant startedAt,
                String stateHash,
                Instant stateExpiresAt,
                Sealed verifier,
                String browserHash) {
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
                    s.completedAt(),
                    browserHash);
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

    /**
     * The refresh engine's bookkeeping: each credential's schedule and back-off, the due query the
     * scheduler polls, and the lease that lets one worker at a time refresh a credential. The due
     * query and the counts are global, so every test here deletes what it stored afterwards and the
     * next one sees only its own schedule; counts are compared as differences.
     */
    @Nested
    class RefreshBookkeeping {
        private final List<CredentialKey> stored = new ArrayList<>();

        @AfterEach
        void deleteWhatThisTestStored() {
            stored.forEach(k -> stores.credentials().delete(k));
            stored.clear();
        }

        @Test
        void refreshStateRoundTripsThroughUpsertWithEveryFieldSetOrAbsent() {
            String projectId = newProject();
            List<RefreshState> states = List.of(
                    new RefreshState(T0.plus(Duration.ofMinutes(50)), 3, T0.plusSeconds(90), "server_error: HTTP 503"),
                    RefreshState.NONE,
                    new RefreshState(T0.plus(Duration.ofMinutes(55)), 0, null, null),
                    new RefreshState(null, 7, T0.plus(Duration.ofDays(1)), "invalid_grant: refresh token revoked"),
                    new RefreshState(null, 0, null, "unexpected: \u00e9t\u00e9 \"quoted\" \n second line"));

            for (int i = 0; i < states.size(); i++) {
                RefreshState state = states.get(i);
                CredentialKey key = i % 2 == 0
                        ? installation(projectId, "harvest", "t" + i)
                        : user(projectId, "harvest", "t" + i, "alice");
                Credential credential = credential(key).withRefresh(state);

                assertThat(put(credential)).as("upsert of %s", state).isEqualTo(credential);

                Credential found = stores.credentials().find(key).orElseThrow();
                assertThat(found).as("find of %s", state).isEqualTo(credential);
                assertThat(found.refresh()).isEqualTo(state);
            }
        }

        @Test
        void refreshStateRoundTripsThroughUpdateBothWays() {
            String projectId = newProject();
            RefreshState failing =
                    new RefreshState(T0.plus(Duration.ofMinutes(5)), 2, T0.plusSeconds(120), "server_error: HTTP 502");
            Credential stored =
                    put(credential(user(projectId, "harvest", "acme", "alice")).withRefresh(failing));

            // A success clears the back-off: no retry time, no error, no failures, nothing scheduled.
            Credential cleared =
                    refreshed(stored, "access-2", T0.plusSeconds(200)).withRefresh(RefreshState.NONE);
            assertThat(stores.credentials().update(cleared, stored.version())).isTrue();
            Credential afterClear = stores.credentials().find(stored.key()).orElseThrow();
            assertThat(afterClear).isEqualTo(withVersion(cleared, stored.version() + 1));
            assertThat(afterClear.refresh()).isEqualTo(RefreshState.NONE);

            // And every field can be set again by an update.
            RefreshState again =
                    new RefreshState(T0.plus(Duration.ofHours(2)), 1, T0.plusSeconds(400), "temporarily_unavailable");
            Credential rescheduled = afterClear.withRefresh(again);
            assertThat(stores.credentials().update(rescheduled, afterClear.version()))
                    .isTrue();
            assertThat(stores.credentials().find(stored.key()))
                    .contains(withVersion(rescheduled, afterClear.version() + 1));
        }

        @Test
        void updateWithAStaleVersionChangesNoneOfTheRefreshFields() {
            String projectId = newProject();
            RefreshState original = new RefreshState(T0.plus(Duration.ofMinutes(50)), 1, T0.plusSeconds(30), "e1");
            Credential stored =
                    put(credential(installation(projectId, "harvest", "acme")).withRefresh(original));
            RefreshState loserState = new RefreshState(null, 9, null, null);
            Credential loser = stored.withRefresh(loserState);

            assertThat(stores.credentials().update(loser, stored.version() + 1))
                    .as("ahead of the stored version")
                    .isFalse();
            assertThat(stores.credentials().find(stored.key())).contains(stored);

            RefreshState winnerState = new RefreshState(T0.plus(Duration.ofHours(1)), 0, null, null);
            Credential winner = refreshed(stored, "winner", T0.plusSeconds(10)).withRefresh(winnerState);
            assertThat(stores.credentials().update(winner, stored.version())).isTrue();
            assertThat(stores.credentials().update(loser, stored.version()))
                    .as("behind the stored version")
                    .isFalse();

            Credential found = stores.credentials().find(stored.key()).orElseThrow();
            assertThat(found).isEqualTo(withVersion(winner, stored.version() + 1));
            assertThat(found.refresh()).isEqualTo(winnerState);
        }

        @Test
        void dueReturnsExactlyTheScheduledCredentialsUpToNowEarliestFirst() {
            String projectId = newProject();
            String otherProject = newProject();
            // Stored out of time order, so an order by insertion would show.
            Credential atNow = put(scheduledAt(installation(projectId, "harvest", "at-now"), T0));
            Credential future = put(scheduledAt(installation(projectId, "harvest", "future"), T0.plusMillis(1)));
            Credential oldest =
                    put(scheduledAt(installation(projectId, "github", "oldest"), T0.minus(Duration.ofDays(2))));
            put(credential(installation(projectId, "harvest", "unscheduled")));
            put(credential(user(projectId, "harvest", "unscheduled", "bob")));
            Credential alice =
                    put(scheduledAt(user(projectId, "harvest", "at-now", "alice"), T0.minus(Duration.ofHours(1))));
            Credential elsewhere = put(scheduledAt(installation(otherProject, "harvest", "acme"), T0.minusMillis(1)));

            List<CredentialKey> due = stores.credentials().due(T0, 100);

            assertThat(due).containsExactly(oldest.key(), alice.key(), elsewhere.key(), atNow.key());
            assertThat(due.get(0).userId())
                    .as("an installation's key has no user")
                    .isNull();
            assertThat(due.get(0).credentialFor()).isEqualTo(CredentialFor.INSTALLATION);
            assertThat(due.get(1).userId()).isEqualTo("alice");
            assertThat(due.get(1).credentialFor()).isEqualTo(CredentialFor.USER);

            assertThat(stores.credentials().due(T0, 2)).containsExactly(oldest.key(), alice.key());
            assertThat(stores.credentials().due(T0, 1)).containsExactly(oldest.key());
            assertThat(stores.credentials().due(T0.minusMillis(1), 100))
                    .containsExactly(oldest.key(), alice.key(), elsewhere.key());
            assertThat(stores.credentials().due(T0.plusMillis(1), 100))
                    .containsExactly(oldest.key(), alice.key(), elsewhere.key(), atNow.key(), future.key());
            assertThat(stores.credentials().due(T0.minus(Duration.ofDays(3)), 100))
                    .isEmpty();
        }

        @Test
        void dueSkipsLiveLeasesButReturnsExpiredOnes() {
            String projectId = newProject();
            Credential leasedLong = put(scheduledAt(installation(projectId, "harvest", "a"), T0.minusSeconds(50)));
            Credential leasedUntilNow = put(scheduledAt(installation(projectId, "harvest", "b"), T0.minusSeconds(40)));
            Credential leaseExpired = put(scheduledAt(installation(projectId, "harvest", "c"), T0.minusSeconds(30)));
            Credential free = put(scheduledAt(user(projectId, "harvest", "c", "alice"), T0.minusSeconds(20)));
            Instant leaseEnd = T0.plus(Duration.ofMinutes(1));
            assertThat(acquire(leasedLong, "w1", leaseEnd, T0.minusSeconds(60))).isTrue();
            assertThat(acquire(leasedUntilNow, "w2", T0, T0.minusSeconds(60))).isTrue();
            assertThat(acquire(leaseExpired, "w3", T0.minusMillis(1), T0.minusSeconds(60)))
                    .isTrue();

            assertThat(stores.credentials().due(T0, 100))
                    .as("a lease is live through its last millisecond")
                    .containsExactly(leaseExpired.key(), free.key());
            assertThat(stores.credentials().due(T0, 1))
                    .as("leased credentials do not use up the limit")
                    .containsExactly(leaseExpired.key());
            assertThat(stores.credentials().due(T0.plusMillis(1), 100))
                    .containsExactly(leasedUntilNow.key(), leaseExpired.key(), free.key());
            assertThat(stores.credentials().due(leaseEnd.plusMillis(1), 100))
                    .containsExactly(leasedLong.key(), leasedUntilNow.key(), leaseExpired.key(), free.key());
        }

        @Test
        void aLeaseIsTakenRenewedAndReleasedOnlyByItsOwner() {
            String projectId = newProject();
            Credential c = put(scheduledAt(installation(projectId, "harvest", "acme"), T0.minusSeconds(1)));
            Instant until = T0.plusSeconds(30);

            assertThat(acquire(c, "a", until, T0)).as("free").isTrue();
            assertThat(leaseOwner(c)).isEqualTo("a");
            assertThat(leaseUntil(c)).isEqualTo(until);
            assertThat(acquire(c, "b", T0.plusSeconds(60), T0.plusSeconds(10)))
                    .as("held by another, live")
                    .isFalse();
            assertThat(acquire(c, "b", T0.plusSeconds(60), until))
                    .as("held by another until this very millisecond")
                    .isFalse();
            assertThat(leaseOwner(c)).isEqualTo("a");
            assertThat(leaseUntil(c)).isEqualTo(until);

            Instant later = T0.plusSeconds(45);
            assertThat(acquire(c, "a", later, T0.plusSeconds(10)))
                    .as("the owner again")
                    .isTrue();
            assertThat(leaseUntil(c)).isEqualTo(later);

            assertThat(renew(c, "b", T0.plusSeconds(90)))
                    .as("renewal by another")
                    .isFalse();
            assertThat(leaseOwner(c)).isEqualTo("a");
            assertThat(leaseUntil(c)).isEqualTo(later);
            Instant renewed = T0.plusSeconds(75);
            assertThat(renew(c, "a", renewed)).as("renewal by the owner").isTrue();
            assertThat(leaseUntil(c)).isEqualTo(renewed);
            assertThat(stores.credentials().due(later.plusMillis(1), 100))
                    .as("still held after the first expiry: the renewal moved it")
                    .isEmpty();

            stores.credentials().releaseLease(c.key(), "b");
            assertThat(leaseOwner(c)).as("release by another does nothing").isEqualTo("a");
            assertThat(leaseUntil(c)).isEqualTo(renewed);
            assertThat(acquire(c, "b", T0.plusSeconds(100), T0.plusSeconds(20))).isFalse();

            stores.credentials().releaseLease(c.key(), "a");
            assertThat(leaseOwner(c)).isNull();
            assertThat(leaseUntil(c)).isNull();
            assertThat(stores.credentials().due(T0.plusSeconds(20), 100)).containsExactly(c.key());
            assertThat(renew(c, "a", T0.plusSeconds(200)))
                    .as("renewing a released lease")
                    .isFalse();
            assertThat(acquire(c, "b", T0.plusSeconds(100), T0.plusSeconds(20)))
                    .as("free again")
                    .isTrue();
            assertThat(leaseOwner(c)).isEqualTo("b");
        }

        @Test
        void anExpiredLeaseIsTakenOverAndItsFormerOwnerLosesIt() {
            String projectId = newProject();
            Credential c = put(scheduledAt(user(projectId, "harvest", "acme", "alice"), T0.minusSeconds(1)));
            Instant until = T0.plusSeconds(30);
            assertThat(acquire(c, "crashed", until, T0)).isTrue();

            Instant takeover = until.plusMillis(1);
            assertThat(acquire(c, "rescuer", takeover.plusSeconds(30), takeover))
                    .as("takeover of an expired lease")
                    .isTrue();
            assertThat(leaseOwner(c)).isEqualTo("rescuer");

            assertThat(renew(c, "crashed", takeover.plusSeconds(60)))
                    .as("the former owner's renewal")
                    .isFalse();
            stores.credentials().releaseLease(c.key(), "crashed");
            assertThat(leaseOwner(c)).as("the former owner's release").isEqualTo("rescuer");
            assertThat(leaseUntil(c)).isEqualTo(takeover.plusSeconds(30));
            assertThat(acquire(c, "crashed", takeover.plusSeconds(90), takeover.plusSeconds(1)))
                    .as("the former owner cannot take it back while the new lease lives")
                    .isFalse();
        }

        @Test
        void leasesOfAMissingCredentialAreRefusedQuietly() {
            String projectId = newProject();
            CredentialKey missing = installation(projectId, "harvest", "nobody");
            Credential neighbour = put(scheduledAt(installation(projectId, "harvest", "somebody"), T0));

            assertThat(stores.credentials().acquireLease(missing, "a", T0.plusSeconds(30), T0))
                    .isFalse();
            assertThat(stores.credentials().renewLease(missing, "a", T0.plusSeconds(30)))
                    .isFalse();
            stores.credentials().releaseLease(missing, "a");
            assertThat(leaseOwner(neighbour)).isNull();
        }

        @Test
        void racingAcquirersOfOneLeaseHaveExactlyOneWinner() throws Exception {
            String projectId = newProject();
            for (int round = 0; round < 6; round++) {
                Credential c =
                        put(scheduledAt(installation(projectId, "harvest", "race-" + round), T0.minusSeconds(1)));
                boolean takeover = round % 2 == 1;
                if (takeover) {
                    assertThat(acquire(c, "crashed", T0.minusMillis(1), T0.minusSeconds(30)))
                            .isTrue();
                }
                int r = round;

                List<Boolean> outcomes = Race.among(
                        8, i -> stores.credentials().acquireLease(c.key(), owner(r, i), T0.plusSeconds(30), T0));

                assertThat(outcomes)
                        .as("round %d (%s)", round, takeover ? "expired lease" : "free")
                        .containsOnlyOnce(true)
                        .hasSize(8);
                assertThat(leaseOwner(c)).isEqualTo(owner(round, outcomes.indexOf(true)));
                assertThat(stores.credentials().due(T0, 100)).doesNotContain(c.key());
            }
        }

        @Test
        void claimDueLeasesTheDueCredentialsToTheClaimerEarliestFirst() {
            String projectId = newProject();
            Credential heldByOther = put(scheduledAt(installation(projectId, "harvest", "a"), T0.minusSeconds(50)));
            Credential expiredLease = put(scheduledAt(installation(projectId, "harvest", "b"), T0.minusSeconds(40)));
            Credential free = put(scheduledAt(user(projectId, "harvest", "b", "alice"), T0.minusSeconds(30)));
            Credential alsoFree = put(scheduledAt(installation(projectId, "harvest", "c"), T0.minusSeconds(20)));
            Credential notYet = put(scheduledAt(installation(projectId, "harvest", "d"), T0.plusSeconds(1)));
            Credential unscheduled = put(credential(installation(projectId, "harvest", "e")));
            assertThat(acquire(heldByOther, "other", T0.plusSeconds(60), T0.minusSeconds(60)))
                    .isTrue();
            assertThat(acquire(expiredLease, "crashed", T0.minusMillis(1), T0.minusSeconds(60)))
                    .isTrue();
            Instant until = T0.plusSeconds(30);

            assertThat(stores.credentials().claimDue(T0, 2, "me", until))
                    .containsExactly(expiredLease.key(), free.key());
            assertThat(stores.credentials().claimDue(T0, 10, "me", until))
                    .as("what the first claim left")
                    .containsExactly(alsoFree.key());
            assertThat(stores.credentials().claimDue(T0, 10, "someone-else", until))
                    .isEmpty();

            for (Credential claimed : List.of(expiredLease, free, alsoFree)) {
                assertThat(leaseOwner(claimed)).as("%s", claimed.key()).isEqualTo("me");
                assertThat(leaseUntil(claimed)).isEqualTo(until);
            }
            assertThat(leaseOwner(heldByOther)).isEqualTo("other");
            assertThat(leaseOwner(notYet)).isNull();
            assertThat(leaseOwner(unscheduled)).isNull();
            assertThat(stores.credentials().due(T0, 10)).isEmpty();
            assertThat(stores.credentials().claimDue(until.plusMillis(1), 10, "someone-else", until.plusSeconds(30)))
                    .as("once the claims lapse")
                    .containsExactly(expiredLease.key(), free.key(), alsoFree.key(), notYet.key());
        }

        @Test
        void racingClaimersNeverClaimTheSameCredential() throws Exception {
            String projectId = newProject();
            Map<CredentialKey, Credential> scheduled = new LinkedHashMap<>();
            for (int i = 0; i < 40; i++) {
                // Half share one due time, so ties have to be handled too.
                Instant at = i % 2 == 0 ? T0.minusSeconds(5) : T0.minusSeconds(100 - i);
                Credential c = put(scheduledAt(installation(projectId, "harvest", "t%02d".formatted(i)), at));
                scheduled.put(c.key(), c);
            }
            Instant until = T0.plusSeconds(30);

            List<List<CredentialKey>> claims =
                    Race.among(8, i -> stores.credentials().claimDue(T0, 10, "claimer-" + i, until));

            Map<CredentialKey, String> claimedBy = new LinkedHashMap<>();
            for (int i = 0; i < claims.size(); i++) {
                for (CredentialKey key : claims.get(i)) {
                    assertThat(claimedBy.put(key, "claimer-" + i))
                            .as("%s claimed twice", key)
                            .isNull();
                }
            }
            assertThat(claimedBy).isNotEmpty();
            assertThat(scheduled.keySet()).containsAll(claimedBy.keySet());
            for (Credential c : scheduled.values()) {
                assertThat(leaseOwner(c)).as("%s", c.key()).isEqualTo(claimedBy.get(c.key()));
            }

            // Claiming on until none is left hands out every due credential exactly once.
            for (int round = 0; round < 40 && !stores.credentials().due(T0, 1).isEmpty(); round++) {
                String owner = "sweeper-" + round;
                for (CredentialKey key : stores.credentials().claimDue(T0, 10, owner, until)) {
                    assertThat(claimedBy.put(key, owner))
                            .as("%s claimed twice", key)
                            .isNull();
                }
            }
            assertThat(claimedBy.keySet()).containsExactlyInAnyOrderElementsOf(scheduled.keySet());
        }

        @Test
        void aReconnectClearsTheLeaseAndReplacesTheRefreshState() {
            String projectId = newProject();
            CredentialKey key = installation(projectId, "harvest", "acme");
            put(credential(key)
                    .withRefresh(new RefreshState(T0.minusSeconds(5), 4, T0.plusSeconds(60), "invalid_grant")));
            assertThat(stores.credentials().acquireLease(key, "worker-a", T0.plus(Duration.ofMinutes(5)), T0))
                    .isTrue();
            assertThat(stores.credentials().due(T0, 100)).isEmpty();

            RefreshState fresh = new RefreshState(T0.minusSeconds(1), 0, null, null);
            Credential reconnected = put(credential(key).withRefresh(fresh));

            assertThat(reconnected.refresh()).isEqualTo(fresh);
            assertThat(leaseOwner(reconnected)).isNull();
            assertThat(leaseUntil(reconnected)).isNull();
            assertThat(stores.credentials().due(T0, 100)).containsExactly(key);
            assertThat(stores.credentials().renewLease(key, "worker-a", T0.plus(Duration.ofMinutes(10))))
                    .as("the lease on the replaced credential is gone")
                    .isFalse();
            assertThat(stores.credentials().acquireLease(key, "worker-b", T0.plus(Duration.ofMinutes(5)), T0))
                    .isTrue();
        }

        @Test
        void countDueCountsEveryScheduledCredentialUpToNow() {
            Instant later = T0.plus(Duration.ofHours(1));
            long dueBefore = stores.credentials().countDue(T0);
            long laterBefore = stores.credentials().countDue(later);
            long earlyBefore = stores.credentials().countDue(T0.minus(Duration.ofDays(30)));
            String projectId = newProject();
            put(scheduledAt(installation(projectId, "harvest", "a"), T0.minus(Duration.ofDays(1))));
            put(scheduledAt(installation(projectId, "harvest", "b"), T0.minusSeconds(1)));
            put(scheduledAt(user(projectId, "harvest", "b", "alice"), T0));
            put(scheduledAt(installation(projectId, "github", "c"), T0.plusMillis(1)));
            put(scheduledAt(installation(projectId, "github", "d"), later));
            put(credential(installation(projectId, "github", "unscheduled")));

            assertThat(stores.credentials().countDue(T0) - dueBefore).isEqualTo(3);
            assertThat(stores.credentials().countDue(later) - laterBefore).isEqualTo(5);
            assertThat(stores.credentials().countDue(T0.minus(Duration.ofDays(30))) - earlyBefore)
                    .isZero();
        }

        @Test
        void countByStatusCountsEveryStatusAndFollowsChanges() {
            Map<CredentialStatus, Long> before = stores.credentials().countByStatus();
            assertThat(before).containsOnlyKeys(CredentialStatus.values());
            String projectId = newProject();
            Credential a = put(credential(installation(projectId, "harvest", "a"), CredentialStatus.ACTIVE));
            put(credential(user(projectId, "harvest", "a", "alice"), CredentialStatus.ACTIVE));
            Credential b = put(credential(installation(projectId, "harvest", "b"), CredentialStatus.EXPIRED));

            assertThat(countsSince(before)).isEqualTo(counts(2, 1, 0));

            assertThat(stores.credentials()
                            .update(a.withStatus(CredentialStatus.REVOKED, T0.plusSeconds(1)), a.version()))
                    .isTrue();
            assertThat(countsSince(before)).isEqualTo(counts(1, 1, 1));

            stores.credentials().delete(b.key());
            assertThat(countsSince(before)).isEqualTo(counts(1, 0, 1));
        }

        @Test
        void anEmptyDatabaseCountsZeroInEveryStatusAndHasNothingDue() throws Exception {
            try (Database empty = Database.open(anotherEmptyDatabase())) {
                CredentialStore credentials =
                        Stores.on(empty, Clock.systemUTC()).credentials();

                assertThat(credentials.countByStatus()).isEqualTo(counts(0, 0, 0));
                assertThat(credentials.countDue(T0)).isZero();
                assertThat(credentials.due(T0, 10)).isEmpty();
            }
        }

        private Credential put(Credential c) {
            stored.add(c.key());
            return stores.credentials().upsert(c);
        }

        private Credential scheduledAt(CredentialKey key, Instant nextRefreshAt) {
            return credential(key).withRefresh(new RefreshState(nextRefreshAt, 0, null, null));
        }

        private boolean acquire(Credential c, String owner, Instant until, Instant now) {
            return stores.credentials().acquireLease(c.key(), owner, until, now);
        }

        private boolean renew(Credential c, String owner, Instant until) {
            return stores.credentials().renewLease(c.key(), owner, until);
        }

        private String leaseOwner(Credential c) {
            return scalar(db, "SELECT lease_owner FROM credentials WHERE id = ?", c.id());
        }

        private Instant leaseUntil(Credential c) {
            String millis = scalar(db, "SELECT lease_until FROM credentials WHERE id = ?", c.id());
            return millis == null ? null : Instant.ofEpochMilli(Long.parseLong(millis));
        }

        private static String owner(int round, int racer) {
            return "worker-" + round + "-" + racer;
        }

        private Map<CredentialStatus, Long> countsSince(Map<CredentialStatus, Long> before) {
            Map<CredentialStatus, Long> now = stores.credentials().countByStatus();
            assertThat(now).containsOnlyKeys(CredentialStatus.values());
            Map<CredentialStatus, Long> delta = new EnumMap<>(CredentialStatus.class);
            now.forEach((status, count) -> delta.put(status, count - before.get(status)));
            return delta;
        }

        private static Map<CredentialStatus, Long> counts(long active, long expired, long revoked) {
            return Map.of(
                    CredentialStatus.ACTIVE,
                    active,
                    CredentialStatus.EXPIRED,
                    expired,
                    CredentialStatus.REVOKED,
                    revoked);
        }
    }

    /**
     * Scopes and metadata are parsed once per distinct text and the parsed values are shared by
     * every credential (and event) read with that text, so they must be deeply immutable and never
     * mix up texts.
     */
    @Nested
    class SharedParsedJson {
        @Test
        void identicalMetadataTextsReadBackEqualAndCannotBeChangedThroughAnyReader() {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("accountIds", List.of("1001", "1002"));
            metadata.put("teams", List.of(Map.of("id", 7, "tags", List.of("ops", "billing"))));
            metadata.put("owner", Map.of("email", "ops@acme.test"));
            metadata.put("count", 2);
            metadata.put("none", null);
            List<String> scopes = List.of("harvest:all", "profile");
            CredentialKey first = installation(newProject(), "harvest", "acme");
            CredentialKey second = user(newProject(), "harvest", "globex", "bob");
            stores.credentials().upsert(with(credential(first), scopes, metadata));
            stores.credentials().upsert(with(credential(second), scopes, metadata));
            String eventProject = newProject();
            stores.events().append(event(eventProject, EventType.CREDENTIAL_REFRESHED, metadata));

            Credential a = stores.credentials().find(first).orElseThrow();
            Credential b = stores.credentials().find(second).orElseThrow();
            Map<String, Object> eventData =
                    stores.events().page(eventProject, 0, 10).get(0).data();

            assertThat(a.metadata()).isEqualTo(metadata).isEqualTo(b.metadata());
            assertThat(a.metadata().keySet()).containsExactlyElementsOf(metadata.keySet());
            assertThat(b.metadata().keySet()).containsExactlyElementsOf(metadata.keySet());
            assertThat(eventData).isEqualTo(metadata);
            assertThat(a.scopes()).isEqualTo(scopes).isEqualTo(b.scopes());

            for (Map<String, Object> read : List.of(a.metadata(), b.metadata(), eventData)) {
                assertDeeplyImmutable(read);
            }
            assertImmutable(a.scopes());
            assertImmutable(b.scopes());

            Credential again = stores.credentials().find(first).orElseThrow();
            assertThat(again.metadata())
                    .as("nothing leaked into the shared value")
                    .isEqualTo(metadata);
            assertThat(again.metadata().keySet()).containsExactlyElementsOf(metadata.keySet());
            assertThat(again.scopes()).isEqualTo(scopes);
            assertThat(stores.events().page(eventProject, 0, 10).get(0).data()).isEqualTo(metadata);
        }

        @Test
        void differentTextsNeverShareAParsedValue() {
            String projectId = newProject();
            List<Map<String, Object>> variants = new ArrayList<>();
            variants.add(Map.of("n", 1));
            variants.add(Map.of("n", "1"));
            variants.add(Map.of("n", 1.5));
            variants.add(Map.of("n", true));
            variants.add(Map.of("n", List.of(1)));
            variants.add(Map.of("n", List.of("1")));
            variants.add(Map.of("n", Map.of("n", 1)));
            variants.add(Map.of("m", 1));
            variants.add(Map.of());
            variants.add(ordered("a", 1, "b", 2));
            variants.add(ordered("b", 2, "a", 1));
            List<List<String>> scopeVariants =
                    List.of(List.of("a", "b"), List.of("b", "a"), List.of(), List.of("a"), List.of("a b"));
            // Compared with what was written, not with what upsert read back (that read is cached too).
            List<Credential> written = new ArrayList<>();
            for (int i = 0; i < variants.size(); i++) {
                CredentialKey key = installation(projectId, "harvest", "t%02d".formatted(i));
                Credential c = with(credential(key), scopeVariants.get(i % scopeVariants.size()), variants.get(i));
                stores.credentials().upsert(c);
                written.add(c);
            }

            // Twice, in different orders: the second pass reads from the parse cache.
            for (int pass = 0; pass < 2; pass++) {
                List<Credential> order = new ArrayList<>(written);
                Collections.shuffle(order, new Random(pass));
                for (Credential c : order) {
                    Credential found = stores.credentials().find(c.key()).orElseThrow();
                    assertThat(found.metadata())
                            .as("pass %d, %s", pass, c.key())
                            .isEqualTo(c.metadata());
                    assertThat(found.metadata().keySet())
                            .containsExactlyElementsOf(c.metadata().keySet());
                    assertThat(found.scopes()).containsExactlyElementsOf(c.scopes());
                    assertThat(found).isEqualTo(c);
                }
            }
        }

        private void assertDeeplyImmutable(Map<String, Object> read) {
            assertImmutable(read);
            assertImmutable(listAt(read, "accountIds"));
            List<Object> teams = listAt(read, "teams");
            assertImmutable(teams);
            Map<String, Object> team = mapIn(teams, 0);
            assertImmutable(team);
            assertImmutable(listAt(team, "tags"));
            assertImmutable(mapAt(read, "owner"));
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private void assertImmutable(Map<String, Object> map) {
            Map raw = map;
            assertThatThrownBy(() -> raw.put("added", "x")).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> raw.remove(map.keySet().iterator().next()))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(raw::clear).isInstanceOf(UnsupportedOperationException.class);
            Map.Entry entry = (Map.Entry) raw.entrySet().iterator().next();
            assertThatThrownBy(() -> entry.setValue("replaced")).isInstanceOf(UnsupportedOperationException.class);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private void assertImmutable(List<?> list) {
            List raw = list;
            assertThatThrownBy(() -> raw.add("added")).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> raw.set(0, "replaced")).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> raw.remove(0)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(raw::clear).isInstanceOf(UnsupportedOperationException.class);
        }

        @SuppressWarnings("unchecked")
        private List<Object> listAt(Map<String, Object> map, String key) {
            return (List<Object>) map.get(key);
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> mapAt(Map<String, Object> map, String key) {
            return (Map<String, Object>) map.get(key);
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> mapIn(List<Object> list, int index) {
            return (Map<String, Object>) list.get(index);
        }

        private Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put(k1, v1);
            map.put(k2, v2);
            return map;
        }
    }

    /**
     * Reads reuse compiled statements on SQLite (one per SQL text and physical connection), so each
     * use must start from a reset statement with fresh parameters. Run on both databases: the
     * results owed are the same.
     */
    @Nested
    class RepeatedReads {
        @Test
        void twoHundredFindsInARowEachReturnTheirOwnCredential() {
            String projectId = newProject();
            String otherProject = newProject();
            List<Credential> stored = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                stored.add(stores.credentials().upsert(credential(installation(projectId, "harvest", "t" + i))));
                stored.add(stores.credentials().upsert(credential(user(projectId, "harvest", "t" + i, "u" + i))));
            }
            stored.add(stores.credentials().upsert(credential(installation(otherProject, "harvest", "t0"))));
            stored.add(stores.credentials().upsert(credential(installation(projectId, "github", "t0"))));
            List<CredentialKey> missing = List.of(
                    installation(projectId, "harvest", "t9"),
                    user(projectId, "harvest", "t0", "u1"),
                    installation(otherProject, "harvest", "t1"),
                    user(otherProject, "harvest", "t0", "u0"));

            Random random = new Random(200);
            for (int i = 0; i < 200; i++) {
                if (i % 5 == 4) {
                    CredentialKey key = missing.get(random.nextInt(missing.size()));
                    assertThat(stores.credentials().find(key))
                            .as("find #%d of missing %s", i, key)
                            .isEmpty();
                } else {
                    Credential c = stored.get(random.nextInt(stored.size()));
                    assertThat(stores.credentials().find(c.key()))
                            .as("find #%d of %s", i, c.key())
                            .contains(c);
                }
                if (i % 20 == 0) {
                    int t = random.nextInt(6);
                    assertThat(stores.credentials().listUsers(installation(projectId, "harvest", "t" + t), null, 10))
                            .extracting(Credential::key)
                            .containsExactly(user(projectId, "harvest", "t" + t, "u" + t));
                    assertThat(stores.credentials().tenantHasCredentials(otherProject, "t" + t))
                            .isEqualTo(t == 0);
                }
            }
        }

        @Test
        void readsInterleavedWithWritesInsideTransactionsStayCorrect() {
            String projectId = newProject();
            List<Credential> current = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                current.add(stores.credentials().upsert(credential(user(projectId, "harvest", "acme", "u" + i))));
            }
            CredentialKey missing = user(projectId, "harvest", "acme", "nobody");

            for (int round = 0; round < 40; round++) {
                int r = round;
                Credential expected = current.get(round % current.size());
                Credential other = current.get((round * 3 + 1) % current.size());
                Credential written = db.inTransaction(() -> {
                    Credential seen = stores.credentials().find(expected.key()).orElseThrow();
                    assertThat(seen).as("round %d, before", r).isEqualTo(expected);
                    Credential next = refreshed(seen, "access-" + r, T0.plusSeconds(r))
                            .withRefresh(new RefreshState(T0.plusSeconds(3600 + r), 0, null, null));
                    assertThat(stores.credentials().update(next, seen.version()))
                            .isTrue();
                    Credential after = withVersion(next, seen.version() + 1);
                    assertThat(stores.credentials().find(expected.key()))
                            .as("round %d, the same read after the write", r)
                            .contains(after);
                    assertThat(stores.credentials().find(other.key()))
                            .as("round %d, another credential", r)
                            .contains(other.key().equals(expected.key()) ? after : other);
                    assertThat(stores.credentials().find(missing)).isEmpty();
                    return after;
                });
                current.set(round % current.size(), written);
                assertThat(stores.credentials().find(written.key()))
                        .as("round %d, after commit", round)
                        .contains(written);
            }

            Credential before = current.get(0);
            RuntimeException failure = new IllegalStateException("rolled back");
            assertThatThrownBy(() -> db.<Void>inTransaction(() -> {
                        Credential seen =
                                stores.credentials().find(before.key()).orElseThrow();
                        Credential next = refreshed(seen, "never", T0.plusSeconds(999));
                        assertThat(stores.credentials().update(next, seen.version()))
                                .isTrue();
                        assertThat(stores.credentials().find(before.key()))
                                .contains(withVersion(next, seen.version() + 1));
                        throw failure;
                    }))
                    .isSameAs(failure);
            assertThat(stores.credentials().find(before.key())).contains(before);
            assertThat(db.inTransaction(() -> stores.credentials().find(before.key())))
                    .contains(before);
            for (Credential c : current) {
                assertThat(stores.credentials().find(c.key())).contains(c);
            }
        }

        @Test
        void aReadThatFailsHalfwayLeavesLaterReadsAndTheTransactionIntact() {
            String projectId = newProject();
            CredentialKey acme = installation(projectId, "harvest", "acme");
            stores.credentials().upsert(credential(acme));
            Credential alice = stores.credentials().upsert(credential(user(projectId, "harvest", "acme", "alice")));
            Credential bob = stores.credentials().upsert(credential(user(projectId, "harvest", "acme", "bob")));
            Credential carol = stores.credentials().upsert(credential(user(projectId, "harvest", "acme", "carol")));
            execute(db, "UPDATE credentials SET metadata = ? WHERE id = ?", "{not json", bob.id());

            Credential latest = carol;
            for (int round = 0; round < 3; round++) {
                Credential seen = latest;
                int r = round;
                latest = db.inTransaction(() -> {
                    assertThatThrownBy(() -> stores.credentials().listUsers(acme, null, 10))
                            .as("the second of three rows is unreadable")
                            .isInstanceOf(RuntimeException.class);
                    assertThatThrownBy(() -> stores.credentials().find(bob.key()))
                            .isInstanceOf(RuntimeException.class);
                    assertThat(stores.credentials().find(alice.key())).contains(alice);
                    assertThat(stores.credentials().listUsers(acme, "bob", 10)).containsExactly(seen);
                    Credential next = refreshed(seen, "access-" + r, T0.plusSeconds(r));
                    assertThat(stores.credentials().update(next, seen.version()))
                            .isTrue();
                    return withVersion(next, seen.version() + 1);
                });
                assertThat(stores.credentials().find(carol.key())).contains(latest);
                assertThat(stores.credentials().listUsers(acme, "bob", 10)).containsExactly(latest);
            }
        }

        @Test
        void concurrentReadersEachGetTheirOwnCredentials() throws Exception {
            String projectId = newProject();
            List<Credential> stored = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                stored.add(stores.credentials().upsert(credential(installation(projectId, "harvest", "t" + i))));
            }

            List<List<String>> wrong = Race.among(8, t -> {
                Random random = new Random(t);
                List<String> mismatches = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    Credential c = stored.get(random.nextInt(stored.size()));
                    Optional<Credential> found = stores.credentials().find(c.key());
                    if (!found.equals(Optional.of(c))) {
                        mismatches.add(c.key() + " -> " + found.map(Credential::key));
                    }
                }
                return mismatches;
            });

            assertThat(wrong).allSatisfy(m -> assertThat(m).isEmpty());
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
                version,
                c.refresh());
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
                c.version(),
                c.refresh());
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

    /** Runs a raw write on {@code database}, outside the stores (e.g. to corrupt a row on purpose). */
    static int execute(Database database, String sql, Object... params) {
        return database.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                return ps.executeUpdate();
            }
        });
    }

    /** The plan {@code explain} (e.g. {@code "EXPLAIN QUERY PLAN "}) gives for {@link #DUE_SQL} at {@code now}. */
    static String duePlan(Database database, String explain, Instant now, int limit) {
        return database.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(explain + DUE_SQL)) {
                ps.setLong(1, now.toEpochMilli());
                ps.setLong(2, now.toEpochMilli());
                ps.setInt(3, limit);
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = ps.executeQuery()) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        plan.append(rs.getString(columns)).append('\n');
                    }
                }
                return plan.toString();
            }
        });
    }

    @org.junit.jupiter.api.Test
    void theNewestMigrationIsTheOneTheFastStartPathExpects() {
        org.assertj.core.api.Assertions.assertThat(migrationFiles()).isEqualTo(Database.LATEST_MIGRATION);
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
