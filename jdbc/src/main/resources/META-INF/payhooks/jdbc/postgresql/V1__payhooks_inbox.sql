-- payhooks-jdbc inbox table, schema version 1, for PostgreSQL 9.5 or newer.
-- ${table} is the table name (optionally schema-qualified) and ${index_prefix} the unqualified
-- table name, used to name the indexes; the same placeholder syntax as Flyway, so this file can be
-- copied into a migration directory. Later schema changes ship as V2__..., never as edits of this file.
--
-- One row per verified delivery, unique per (provider, tenant, idempotency_key). Every instant is
-- written from the database clock (CURRENT_TIMESTAMP), so instances whose clocks drift agree.
-- status: PENDING (due at next_attempt_at), RUNNING (held by claim_token until lease_expires_at),
-- DONE (at completed_at; purged after the retention), DEAD (every attempt failed; last_error says
-- why, as exception class and message, never the body).
CREATE TABLE IF NOT EXISTS ${table} (
    id               BIGSERIAL    PRIMARY KEY,
    provider         VARCHAR(100) NOT NULL,
    tenant           VARCHAR(200) NOT NULL,
    idempotency_key  VARCHAR(255) NOT NULL,
    event_id         TEXT         NOT NULL,
    event_type       TEXT         NOT NULL,
    body             BYTEA        NOT NULL,
    headers          TEXT         NOT NULL,
    received_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    status           VARCHAR(8)   NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'DONE', 'DEAD')),
    attempts         INTEGER      NOT NULL,
    next_attempt_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_expires_at TIMESTAMP WITH TIME ZONE,
    claim_token      VARCHAR(64),
    last_error       TEXT,
    completed_at     TIMESTAMP WITH TIME ZONE,
    CONSTRAINT ${index_prefix}_key_unique UNIQUE (provider, tenant, idempotency_key)
);

-- claimDue(): pending rows that are due, and running rows whose lease expired.
CREATE INDEX IF NOT EXISTS ${index_prefix}_pending_idx ON ${table} (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX IF NOT EXISTS ${index_prefix}_running_idx ON ${table} (lease_expires_at) WHERE status = 'RUNNING';
-- purgeDone() and listDead().
CREATE INDEX IF NOT EXISTS ${index_prefix}_status_idx ON ${table} (status, id);
