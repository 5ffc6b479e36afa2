-- The refresh engine: each credential's schedule, back-off and lease.
ALTER TABLE credentials ADD COLUMN next_refresh_at BIGINT;
ALTER TABLE credentials ADD COLUMN refresh_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE credentials ADD COLUMN retry_at BIGINT;
ALTER TABLE credentials ADD COLUMN last_error TEXT;
ALTER TABLE credentials ADD COLUMN lease_owner TEXT;
ALTER TABLE credentials ADD COLUMN lease_until BIGINT;

-- Finding due credentials walks this index from its start: the cost follows the number due.
CREATE INDEX credentials_next_refresh ON credentials (next_refresh_at) WHERE next_refresh_at IS NOT NULL;
