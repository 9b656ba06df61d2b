package dev.payhooks.jdbc;

import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.jdbc.internal.Arguments;
import dev.payhooks.jdbc.internal.Database;
import dev.payhooks.jdbc.internal.ObjectVersionSql;
import dev.payhooks.jdbc.internal.Role;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.ObjectKey;
import dev.payhooks.spi.ObjectVersion;
import dev.payhooks.spi.ObjectVersionStore;
import dev.payhooks.spi.VersionClaim;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The ordering guard's {@link ObjectVersionStore} in a database table, shared by every instance of
 * an application: PostgreSQL (9.5 or newer) or H2 (2.x), like {@link JdbcIdempotencyStore}, with
 * the same connection, timeout, schema and failure rules (every {@link java.sql.SQLException}
 * becomes a {@link WebhookUnavailableException}, answered 503).
 *
 * <pre>{@code
 * JdbcObjectVersionStore versions = JdbcObjectVersionStore.builder(dataSource).build();
 * WebhookReceiver receiver = WebhookReceiver.builder()
 *         .source(StripeWebhooks.source(secret))
 *         .idempotencyStore(JdbcIdempotencyStore.builder(dataSource).build())
 *         .ordering(Ordering.builder().store(versions).build())
 *         .on("refund.*", refunds::apply)
 *         .build();
 * scheduler.scheduleAtFixedRate(versions::purgeExpired, 1, 24, TimeUnit.HOURS);
 * }</pre>
 *
 * <p><b>Atomicity.</b> One row per provider object. An event of an unseen object holds it with an
 * insert only one caller can win; of a known object with one conditional update, re-checked by
 * the database on the locked row (hold free or expired, event not older); the version advances
 * with one conditional upsert on PostgreSQL (a conditional update, or an insert for a missing row,
 * on H2) that only ever moves it forward. No decision is read first and written later, so two
 * instances racing on one object cannot both hold it, and an older event can never overwrite a
 * newer version.
 *
 * <p><b>Time.</b> Holds and the retention use the database's clock. Versions are the providers'
 * own creation times, stored in epoch milliseconds.
 *
 * <p><b>Schema.</b> {@code META-INF/payhooks/jdbc/postgresql/V1__payhooks_object_versions.sql}
 * (and {@code .../h2/...}) in the jar, with {@code ${table}} and {@code ${index}} placeholders, or
 * {@link Builder#createSchemaIfMissing(boolean)}.
 *
 * <p><b>Retention.</b> Objects not advanced for the retention (default 30 days) are deleted by
 * {@link #purgeExpired()}; an event of a forgotten object is handled as new. Keep the retention
 * longer than the provider retries.
 *
 * <p>Immutable after {@link Builder#build()} and thread-safe.
 *
 * @since 0.1.0
 */
public final class JdbcObjectVersionStore extends RetainingJdbcTable implements ObjectVersionStore {

    /** The table name used unless {@link Builder#tableName(String)} says otherwise. */
    public static final String DEFAULT_TABLE_NAME = "payhooks_object_versions";


    private final Database<ObjectVersionSql> database;

    private JdbcObjectVersionStore(Builder builder, Database<ObjectVersionSql> database) {
        super(database, builder);
        this.database = database;
    }

    /**
     * A builder for a store on the given data source, with the table {@value #DEFAULT_TABLE_NAME},
     * a 30-day retention, no schema creation, purge batches of 1,000 rows and a 5-second query
     * timeout.
     *
     * @param dataSource where the table lives; normally a connection pool
     * @return a new builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    @Override
    public VersionClaim claim(ObjectKey key, ObjectVersion version, Duration lease) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
        long leaseMillis = Arguments.positiveMillis(lease, "lease");
        ClaimToken token = ClaimToken.random();
        return database.call("hold the object", (sql, connection) -> sql.claim(connection, key, version, token, leaseMillis))
                .orElseThrow(() -> new WebhookUnavailableException("the object's row kept changing while it was being"
                        + " held (held and released repeatedly by other deliveries); the delivery will be retried", null));
    }

    @Override
    public boolean advance(ObjectKey key, ObjectVersion version, ClaimToken token) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(token, "token");
        return database.call("advance the object's version", (sql, connection) -> sql.advance(connection, key, version, token));
    }

    @Override
    public boolean release(ObjectKey key, ClaimToken token) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(token, "token");
        return Arguments.couldBeOurs(token) && database.call("release the object", (sql, connection) -> sql.release(connection, key, token));
    }

    @Override
    public Optional<ObjectVersion> current(ObjectKey key) {
        Objects.requireNonNull(key, "key");
        return database.call("read the object's version", (sql, connection) -> sql.current(connection, key));
    }

    /**
     * Deletes objects not advanced within the retention and not held now, in batches.
     *
     * @return how many objects were deleted
     * @throws WebhookUnavailableException when the database fails
     */
    @Override
    public long purgeExpired() {
        long retentionMillis = retention().toMillis();
        return database.purge("objects past the retention",
                (sql, connection, batchSize) -> sql.purgeBatch(connection, batchSize, retentionMillis));
    }

    /**
     * Builds a {@link JdbcObjectVersionStore}. Not thread-safe; the product is.
     *
     * @since 0.1.0
     */
    public static final class Builder extends RetainingTableBuilder<Builder> {
        private Builder(DataSource dataSource) {
            super(dataSource, DEFAULT_TABLE_NAME, Duration.ofDays(30));
        }

        /**
         * The store. Does not connect: see {@link JdbcObjectVersionStore#initialize()}.
         *
         * @return a new store
         */
        public JdbcObjectVersionStore build() {
            return new JdbcObjectVersionStore(this, database(Role.OBJECT_VERSIONS));
        }
    }
}
