-- payhooks-jdbc idempotency table, schema version 1, for H2 2.x.
-- ${table} is the table name (optionally schema-qualified) and ${index} the index name, both
-- unquoted identifiers; the same placeholder syntax as Flyway, so this file can be copied into
-- a migration directory. Later schema changes ship as V2__..., never as edits of this file.
--
-- One row per (provider, tenant, event_key). While claimed, completed_at is NULL and expires_at
-- is when the lease ends; once completed, expires_at is completed_at + retention. A row whose
-- expires_at has passed (on the database clock) may be taken over or purged.
CREATE TABLE IF NOT EXISTS ${table} (
    provider     VARCHAR(100) NOT NULL,
    tenant       VARCHAR(200) NOT NULL,
    event_key    VARCHAR(255) NOT NULL,
    claim_token  VARCHAR(64)  NOT NULL,
    completed_at TIMESTAMP WITH TIME ZONE,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (provider, tenant, event_key)
);

-- purgeExpired() deletes in batches of the oldest expiries.
CREATE INDEX IF NOT EXISTS ${index} ON ${table} (expires_at);
