-- Authpipe schema, portable between SQLite and PostgreSQL. Times are epoch milliseconds.
-- Secret columns hold sealed values ("v1.<base64url>") or hashes, never plaintext.
-- ${sequence_pk} is an auto-increment primary key in each dialect.

CREATE TABLE projects (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    allowed_origins TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);

CREATE TABLE api_keys (
    key_hash   TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    key_prefix TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE TABLE keyrings (
    project_id TEXT NOT NULL,
    owner      TEXT NOT NULL,
    keyset     TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (project_id, owner)
);

CREATE TABLE vault_meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE integrations (
    project_id         TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    provider           TEXT NOT NULL,
    client_id          TEXT NOT NULL,
    client_secret      TEXT NOT NULL,
    scopes             TEXT NOT NULL,
    endpoint_overrides TEXT NOT NULL,
    settings           TEXT NOT NULL,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    PRIMARY KEY (project_id, provider)
);

CREATE TABLE connect_sessions (
    id               TEXT PRIMARY KEY,
    token_hash       TEXT NOT NULL UNIQUE,
    project_id       TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    provider         TEXT NOT NULL,
    tenant_id        TEXT NOT NULL,
    credential_for   TEXT NOT NULL,
    user_id          TEXT,
    origin           TEXT,
    return_url       TEXT,
    created_at       BIGINT NOT NULL,
    expires_at       BIGINT NOT NULL,
    started_at       BIGINT,
    state_hash       TEXT UNIQUE,
    state_expires_at BIGINT,
    pkce_verifier    TEXT,
    completed_at     BIGINT
);
CREATE INDEX connect_sessions_expires_at ON connect_sessions (expires_at);

CREATE TABLE credentials (
    id             TEXT NOT NULL UNIQUE,
    project_id     TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    provider       TEXT NOT NULL,
    tenant_id      TEXT NOT NULL,
    credential_for TEXT NOT NULL,
    user_id        TEXT NOT NULL,
    status         TEXT NOT NULL,
    access_token   TEXT NOT NULL,
    refresh_token  TEXT,
    token_type     TEXT NOT NULL,
    expires_at     BIGINT,
    scopes         TEXT NOT NULL,
    metadata       TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    refreshed_at   BIGINT,
    version        BIGINT NOT NULL,
    PRIMARY KEY (project_id, provider, tenant_id, credential_for, user_id)
);

CREATE TABLE events (
    seq        ${sequence_pk},
    id         TEXT NOT NULL UNIQUE,
    project_id TEXT NOT NULL,
    type       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    data       TEXT NOT NULL
);
CREATE INDEX events_project_seq ON events (project_id, seq);
