-- Webhook endpoints and their durable outbox; credential health checks.

CREATE TABLE webhooks (
    project_id TEXT PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    url        TEXT NOT NULL,
    events     TEXT,
    secret     TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE webhook_deliveries (
    id              TEXT PRIMARY KEY,
    project_id      TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    event_id        TEXT NOT NULL,
    event_seq       BIGINT NOT NULL,
    type            TEXT NOT NULL,
    ordering_key    TEXT NOT NULL,
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_status     INTEGER,
    last_error      TEXT,
    created_at      BIGINT NOT NULL,
    delivered_at    BIGINT,
    lease_owner     TEXT,
    lease_until     BIGINT
);
-- Due pending deliveries, earliest first; the oldest pending one per credential; a project's history.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_order ON webhook_deliveries (project_id, ordering_key, event_seq) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_history ON webhook_deliveries (project_id, created_at, id);

CREATE TABLE credential_health (
    project_id      TEXT NOT NULL,
    provider        TEXT NOT NULL,
    tenant_id       TEXT NOT NULL,
    credential_for  TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    health          TEXT NOT NULL,
    failures        INTEGER NOT NULL DEFAULT 0,
    last_checked_at BIGINT,
    last_error      TEXT,
    next_check_at   BIGINT,
    lease_owner     TEXT,
    lease_until     BIGINT,
    PRIMARY KEY (project_id, provider, tenant_id, credential_for, user_id),
    FOREIGN KEY (project_id, provider, tenant_id, credential_for, user_id)
        REFERENCES credentials (project_id, provider, tenant_id, credential_for, user_id) ON DELETE CASCADE
);
CREATE INDEX credential_health_due ON credential_health (next_check_at) WHERE next_check_at IS NOT NULL;

-- Credentials stored before health checks existed get a record, first checks spread over six hours.
INSERT INTO credential_health (project_id, provider, tenant_id, credential_for, user_id, health, failures, next_check_at)
SELECT project_id, provider, tenant_id, credential_for, user_id, 'healthy', 0, ${now_millis} + ${random_six_hours_millis}
FROM credentials;
