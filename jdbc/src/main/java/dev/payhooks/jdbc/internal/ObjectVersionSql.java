package dev.payhooks.jdbc.internal;

import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.ObjectKey;
import dev.payhooks.spi.ObjectVersion;
import dev.payhooks.spi.VersionClaim;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The object version table's statements on one dialect (the ordering guard's store). Every
 * decision is one atomic statement, never a read followed by a write: a new object is held by an
 * insert that the primary key lets only one caller win; a known object by a conditional update
 * whose condition (hold free or expired, event newer or tied) the database re-checks on the locked
 * row; the version advances by a conditional upsert (PostgreSQL) or conditional update (H2) that
 * only ever moves it forward. A read follows only to tell the caller why it lost.
 */
public final class ObjectVersionSql extends TableSql {

    private static final String COLUMNS = "provider, tenant, object_type, object_id, version_created, version_sequence,"
            + " version_event, advanced_at, hold_token, hold_until";
    private static final String KEY = "provider = ? AND tenant = ? AND object_type = ? AND object_id = ?";
    private static final int MAX_ATTEMPTS = 8;

    /** The candidate (c = created millis, s = sequence or NULL, e = event id) against the stored row v. */
    private static final String OLDER = "(:c < v.version_created OR (:c = v.version_created AND CAST(:s AS BIGINT) IS NOT NULL"
            + " AND v.version_sequence IS NOT NULL AND :s < v.version_sequence))";
    private static final String SAME = "(:c = v.version_created AND (CAST(:s AS BIGINT) IS NULL OR v.version_sequence IS NULL"
            + " OR :s = v.version_sequence) AND :e = v.version_event)";

    private final Named insertHold;
    private final Named takeHold;
    private final String stateSql;
    private final Named advance;
    private final String advanceInsertSql;
    private final String endHoldSql;
    private final String releaseNeverAdvancedSql;
    private final String currentSql;
    private final Named purge;

    ObjectVersionSql(Dialect dialect, TableName table, int queryTimeoutSeconds) {
        super(dialect, table, queryTimeoutSeconds, "V1__payhooks_object_versions.sql", COLUMNS);
        String t = table.qualified();
        String holdUntil = dialect.nowPlusMillis().replace("?", ":lease");
        this.insertHold = new Named(dialect.insertUnlessDuplicate("INSERT INTO " + t + " (" + COLUMNS + ")"
                + " VALUES (:p, :t, :ot, :oi, NULL, NULL, NULL, NULL, :token, " + holdUntil + ")",
                "provider, tenant, object_type, object_id"));
        this.takeHold = new Named(dialect.updateReturning("UPDATE " + t + " v SET hold_token = :token, hold_until = " + holdUntil
                + " WHERE v.provider = :p AND v.tenant = :t AND v.object_type = :ot AND v.object_id = :oi"
                + " AND (v.hold_until IS NULL OR v.hold_until <= CURRENT_TIMESTAMP)"
                + " AND (v.version_created IS NULL OR NOT (" + OLDER + " OR " + SAME + "))",
                "version_created, version_sequence, version_event"));
        this.stateSql = "SELECT version_created, version_sequence, version_event,"
                + " CASE WHEN hold_until > CURRENT_TIMESTAMP THEN 1 ELSE 0 END FROM " + t + " WHERE " + KEY;
        String newer = "(:c > v.version_created OR (:c = v.version_created AND CAST(:s AS BIGINT) IS NOT NULL"
                + " AND v.version_sequence IS NOT NULL AND :s > v.version_sequence))";
        if (dialect.name().equals("postgresql")) {
            // One conditional upsert: a missing row is inserted with the version, an existing one
            // takes it only if it is newer, re-checked on the locked row.
            this.advance = new Named("INSERT INTO " + t + " AS v (" + COLUMNS + ")"
                    + " VALUES (:p, :t, :ot, :oi, :c, :s, :e, CURRENT_TIMESTAMP, NULL, NULL)"
                    + " ON CONFLICT (provider, tenant, object_type, object_id) DO UPDATE SET"
                    + " version_created = EXCLUDED.version_created, version_sequence = EXCLUDED.version_sequence,"
                    + " version_event = EXCLUDED.version_event, advanced_at = EXCLUDED.advanced_at"
                    + " WHERE v.version_created IS NULL OR " + newer);
            this.advanceInsertSql = null;
        } else {
            this.advance = new Named("UPDATE " + t + " v SET version_created = :c, version_sequence = :s, version_event = :e,"
                    + " advanced_at = CURRENT_TIMESTAMP WHERE v.provider = :p AND v.tenant = :t AND v.object_type = :ot"
                    + " AND v.object_id = :oi AND (v.version_created IS NULL OR " + newer + ")");
            this.advanceInsertSql = "INSERT INTO " + t + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP, NULL, NULL)";
        }
        this.endHoldSql = "UPDATE " + t + " SET hold_token = NULL, hold_until = NULL WHERE " + KEY + " AND hold_token = ?";
        this.releaseNeverAdvancedSql = "DELETE FROM " + t + " WHERE " + KEY + " AND hold_token = ? AND version_created IS NULL";
        this.currentSql = "SELECT version_created, version_sequence, version_event FROM " + t + " WHERE " + KEY;
        String expired = "(hold_until IS NULL OR hold_until <= CURRENT_TIMESTAMP)"
                + " AND (advanced_at IS NULL OR advanced_at <= " + dialect.nowPlusMillis().replace("?", ":minusRetention") + ")";
        this.purge = new Named(dialect.name().equals("postgresql")
                ? "DELETE FROM " + t + " WHERE (provider, tenant, object_type, object_id) IN (SELECT provider, tenant,"
                        + " object_type, object_id FROM " + t + " WHERE " + expired + " LIMIT :batch FOR UPDATE SKIP LOCKED)"
                        + " AND " + expired
                : "DELETE FROM " + t + " WHERE " + expired + " FETCH FIRST :batch ROWS ONLY");
    }

    /**
     * Holds the object for an event that is newer or ties, or says why not.
     *
     * @param connection an autocommit connection
     * @param key the object
     * @param version the event's version
     * @param token the token the hold gets if it wins
     * @param leaseMillis the lease, at least 1
     * @return the outcome, or empty when the row kept changing under the claim
     * @throws SQLException when the database fails
     */
    public Optional<VersionClaim> claim(Connection connection, ObjectKey key, ObjectVersion version, ClaimToken token,
                                        long leaseMillis) throws SQLException {
        Values values = new Values(key, version).with("token", token.value()).with("lease", leaseMillis);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try (PreparedStatement insert = insertHold.prepare(this, connection, values)) {
                // Zero rows on PostgreSQL (ON CONFLICT DO NOTHING) when the object exists.
                if (insert.executeUpdate() == 1) {
                    return Optional.of(new VersionClaim.Claimed(token, false, Optional.empty()));
                }
            } catch (SQLException e) {
                if (!dialect.isDuplicate(e) && !dialect.isLostRace(e)) {
                    throw e;
                }
            }
            try (PreparedStatement take = takeHold.prepare(this, connection, values); ResultSet row = take.executeQuery()) {
                if (row.next()) {
                    Optional<ObjectVersion> stored = version(row, 1);
                    boolean tie = stored.isPresent() && version.compareTo(stored.get()) == ObjectVersion.Relation.TIE;
                    return Optional.of(new VersionClaim.Claimed(token, tie, stored));
                }
            } catch (SQLException e) {
                if (!dialect.isLostRace(e)) {
                    throw e;
                }
                continue;
            }
            try (PreparedStatement state = prepare(connection, stateSql)) {
                bindKey(state, 1, key);
                try (ResultSet row = state.executeQuery()) {
                    if (row.next()) {
                        Optional<ObjectVersion> stored = version(row, 1);
                        if (stored.isPresent()) {
                            ObjectVersion.Relation relation = version.compareTo(stored.get());
                            if (relation == ObjectVersion.Relation.OLDER || relation == ObjectVersion.Relation.SAME) {
                                return Optional.of(new VersionClaim.Older(stored.get()));
                            }
                        }
                        if (row.getInt(4) == 1) {
                            return Optional.of(new VersionClaim.Busy());
                        }
                    }
                }
            }
            // The hold ended or the row went away between the statements: start over.
        }
        return Optional.empty();
    }

    /**
     * Moves the version forward if the event is newer, then ends the token's hold.
     *
     * @param connection an autocommit connection
     * @param key the object
     * @param version the handled event's version
     * @param token the hold's token
     * @return whether the token still held the object
     * @throws SQLException when the database fails
     */
    public boolean advance(Connection connection, ObjectKey key, ObjectVersion version, ClaimToken token) throws SQLException {
        Values values = new Values(key, version);
        for (int attempt = 0; ; attempt++) {
            try (PreparedStatement update = advance.prepare(this, connection, values)) {
                if (update.executeUpdate() == 1 || advanceInsertSql == null) {
                    break;
                }
            } catch (SQLException e) {
                if (!dialect.isLostRace(e) || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                continue;
            }
            // H2: no row was updated. The row holds a version at least as new (done), or it is
            // missing (insert it), or another advance inserted it after the update looked (update
            // again: the conditional update decides, now that there is a row).
            Optional<ObjectVersion> stored = current(connection, key);
            if (stored.isPresent() && version.compareTo(stored.get()) != ObjectVersion.Relation.NEWER) {
                break;
            }
            if (stored.isPresent() || rowExists(connection, key)) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new SQLException("the object's row kept changing while its version was advanced");
                }
                continue;
            }
            try (PreparedStatement insert = prepare(connection, advanceInsertSql)) {
                bindKey(insert, 1, key);
                bindVersion(insert, 5, version);
                insert.executeUpdate();
                break;
            } catch (SQLException e) {
                if ((!dialect.isDuplicate(e) && !dialect.isLostRace(e)) || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
        try (PreparedStatement end = prepare(connection, endHoldSql)) {
            bindKey(end, 1, key);
            end.setString(5, token.value());
            return end.executeUpdate() == 1;
        }
    }

    /**
     * Ends the token's hold without touching the version; a row never advanced goes away.
     *
     * @param connection an autocommit connection
     * @param key the object
     * @param token the hold's token
     * @return whether the token held the object
     * @throws SQLException when the database fails
     */
    public boolean release(Connection connection, ObjectKey key, ClaimToken token) throws SQLException {
        try (PreparedStatement delete = prepare(connection, releaseNeverAdvancedSql)) {
            bindKey(delete, 1, key);
            delete.setString(5, token.value());
            if (delete.executeUpdate() == 1) {
                return true;
            }
        }
        try (PreparedStatement end = prepare(connection, endHoldSql)) {
            bindKey(end, 1, key);
            end.setString(5, token.value());
            return end.executeUpdate() == 1;
        }
    }

    /**
     * The stored version.
     *
     * @param connection a connection
     * @param key the object
     * @return the version, or empty
     * @throws SQLException when the database fails
     */
    public Optional<ObjectVersion> current(Connection connection, ObjectKey key) throws SQLException {
        try (PreparedStatement select = prepare(connection, currentSql)) {
            bindKey(select, 1, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? version(row, 1) : Optional.empty();
            }
        }
    }

    private boolean rowExists(Connection connection, ObjectKey key) throws SQLException {
        try (PreparedStatement select = prepare(connection, currentSql)) {
            bindKey(select, 1, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    /**
     * Deletes at most {@code batchSize} objects not advanced within the retention and not held.
     *
     * @param connection an autocommit connection
     * @param batchSize the most rows to delete
     * @param retentionMillis the retention
     * @return how many were deleted
     * @throws SQLException when the database fails
     */
    public int purgeBatch(Connection connection, int batchSize, long retentionMillis) throws SQLException {
        Values values = new Values(null, null).with("minusRetention", -retentionMillis).with("batch", batchSize);
        try (PreparedStatement delete = purge.prepare(this, connection, values)) {
            return delete.executeUpdate();
        }
    }

    private static void bindKey(PreparedStatement statement, int first, ObjectKey key) throws SQLException {
        statement.setString(first, StoredKey.column(key.provider(), StoredKey.PROVIDER_COLUMN));
        statement.setString(first + 1, StoredKey.column(key.tenant(), StoredKey.TENANT_COLUMN));
        statement.setString(first + 2, StoredKey.column(key.objectType(), StoredKey.KEY_COLUMN));
        statement.setString(first + 3, StoredKey.column(key.objectId(), StoredKey.KEY_COLUMN));
    }

    private static void bindVersion(PreparedStatement statement, int first, ObjectVersion version) throws SQLException {
        statement.setLong(first, version.createdMillis());
        if (version.sequence().isPresent()) {
            statement.setLong(first + 1, version.sequence().getAsLong());
        } else {
            statement.setNull(first + 1, Types.BIGINT);
        }
        statement.setString(first + 2, StoredKey.column(version.eventId(), StoredKey.KEY_COLUMN));
    }

    private static Optional<ObjectVersion> version(ResultSet row, int first) throws SQLException {
        long created = row.getLong(first);
        if (row.wasNull()) {
            return Optional.empty();
        }
        long sequence = row.getLong(first + 1);
        OptionalLong seq = row.wasNull() ? OptionalLong.empty() : OptionalLong.of(sequence);
        return Optional.of(new ObjectVersion(Instant.ofEpochMilli(created), seq, row.getString(first + 2)));
    }

    /** The named values of one call. */
    private static final class Values {
        private final java.util.Map<String, Object> byName = new java.util.HashMap<>();

        Values(ObjectKey key, ObjectVersion version) {
            if (key != null) {
                byName.put("p", StoredKey.column(key.provider(), StoredKey.PROVIDER_COLUMN));
                byName.put("t", StoredKey.column(key.tenant(), StoredKey.TENANT_COLUMN));
                byName.put("ot", StoredKey.column(key.objectType(), StoredKey.KEY_COLUMN));
                byName.put("oi", StoredKey.column(key.objectId(), StoredKey.KEY_COLUMN));
            }
            if (version != null) {
                byName.put("c", version.createdMillis());
                byName.put("s", version.sequence().isPresent() ? (Object) version.sequence().getAsLong() : null);
                byName.put("e", StoredKey.column(version.eventId(), StoredKey.KEY_COLUMN));
            }
        }

        Values with(String name, Object value) {
            byName.put(name, value);
            return this;
        }
    }

    /**
     * A statement written with {@code :name} parameters (a value used several times is written
     * once per use), turned into JDBC's positional {@code ?} once.
     */
    private static final class Named {
        private final String sql;
        private final List<String> order = new ArrayList<>();

        Named(String text) {
            StringBuilder out = new StringBuilder();
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == ':' && i + 1 < text.length() && Character.isLetter(text.charAt(i + 1))) {
                    int end = i + 1;
                    while (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
                        end++;
                    }
                    order.add(text.substring(i + 1, end));
                    out.append('?');
                    i = end;
                } else {
                    out.append(c);
                    i++;
                }
            }
            this.sql = out.toString();
        }

        PreparedStatement prepare(TableSql owner, Connection connection, Values values) throws SQLException {
            PreparedStatement statement = owner.prepare(connection, sql);
            try {
                for (int i = 0; i < order.size(); i++) {
                    String name = order.get(i);
                    if (!values.byName.containsKey(name)) {
                        throw new IllegalStateException("no value for :" + name);
                    }
                    Object value = values.byName.get(name);
                    if (value == null) {
                        statement.setNull(i + 1, Types.BIGINT);
                    } else if (value instanceof Long number) {
                        statement.setLong(i + 1, number);
                    } else if (value instanceof Integer number) {
                        statement.setInt(i + 1, number);
                    } else {
                        statement.setString(i + 1, (String) value);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                statement.close();
                throw e;
            }
            return statement;
        }
    }
}
