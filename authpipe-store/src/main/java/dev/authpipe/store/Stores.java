package dev.authpipe.store;

import dev.authpipe.connect.ConnectSessionStore;
import dev.authpipe.credential.CredentialStore;
import dev.authpipe.credential.IntegrationStore;
import dev.authpipe.credential.ProjectStore;
import dev.authpipe.events.EventLog;
import dev.authpipe.events.WebhookStore;
import dev.authpipe.health.HealthStore;
import dev.authpipe.vault.KeyringStore;
import java.time.Clock;

/** Every store over one database: what the composition root wires into the domain. */
public record Stores(
        Database database,
        ProjectStore projects,
        KeyringStore keyrings,
        IntegrationStore integrations,
        ConnectSessionStore connectSessions,
        CredentialStore credentials,
        EventLog events,
        WebhookStore webhooks,
        HealthStore health) {

    public static Stores on(Database db, Clock clock) {
        return new Stores(
                db,
                new JdbcProjectStore(db),
                new JdbcKeyringStore(db, clock),
                new JdbcIntegrationStore(db),
                new JdbcConnectSessionStore(db),
                new JdbcCredentialStore(db),
                new JdbcEventLog(db),
                new JdbcWebhookStore(db),
                new JdbcHealthStore(db));
    }
}
