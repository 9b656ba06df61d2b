-- payhooks-jdbc object version table (the ordering guard's store), schema version 1.
-- For H2 2.x.
-- ${table} is the table name (optionally schema-qualified) and ${index} the index name, both
-- unquoted identifiers; the same placeholder syntax as Flyway, so this file can be copied into
-- a migration directory. Later schema changes ship as V2__..., never as edits of this file.
--
-- One row per provider object (provider, tenant, object_type, object_id). version_* is the newest
-- event handled for it (created in epoch milliseconds, an optional sequence, the event id), NULL
-- until one is; advanced_at is when it last advanced. hold_token and hold_until mark the event
-- being handled now, if any; a hold whose hold_until has passed (database clock) is void.
CREATE TABLE IF NOT EXISTS ${table} (
    provider         VARCHAR(100) NOT NULL,
    tenant           VARCHAR(200) NOT NULL,
    object_type      VARCHAR(255) NOT NULL,
    object_id        VARCHAR(255) NOT NULL,
    version_created  BIGINT,
    version_sequence BIGINT,
    version_event    VARCHAR(255),
    advanced_at      TIMESTAMP WITH TIME ZONE,
    hold_token       VARCHAR(64),
    hold_until       TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (provider, tenant, object_type, object_id)
);

-- purgeExpired() deletes objects not advanced within the retention.
CREATE INDEX IF NOT EXISTS ${index} ON ${table} (advanced_at);
