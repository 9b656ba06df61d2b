package dev.payhooks.jdbc;

import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.ObjectKey;
import dev.payhooks.spi.ObjectVersion;
import dev.payhooks.spi.ObjectVersionStore;
import dev.payhooks.spi.VersionClaim;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The negative control of the multi-process ordering test: "compare created and skip older ones"
 * as most hand-written guards do it, by reading the stored version, deciding in the application,
 * and writing the new one afterwards, without holding the object or a conditional write. Uses the
 * real store's table.
 */
final class NaiveReadThenWriteVersionStore implements ObjectVersionStore {

    private final DataSource dataSource;
    private final String table;

    NaiveReadThenWriteVersionStore(DataSource dataSource, String table) {
        this.dataSource = dataSource;
        this.table = table;
    }

    @Override
    public VersionClaim claim(ObjectKey key, ObjectVersion version, Duration lease) {
        Optional<ObjectVersion> stored = current(key);
        if (stored.isPresent()) {
            ObjectVersion.Relation relation = version.compareTo(stored.get());
            if (relation == ObjectVersion.Relation.OLDER || relation == ObjectVersion.Relation.SAME) {
                return new VersionClaim.Older(stored.get());
            }
        }
        return new VersionClaim.Claimed(ClaimToken.random(), false, stored);
    }

    @Override
    public boolean advance(ObjectKey key, ObjectVersion version, ClaimToken token) {
        String upsert = "INSERT INTO " + table + " (provider, tenant, object_type, object_id, version_created, version_event,"
                + " advanced_at) VALUES (?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP) ON CONFLICT (provider, tenant, object_type,"
                + " object_id) DO UPDATE SET version_created = EXCLUDED.version_created, version_event = EXCLUDED.version_event";
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(upsert)) {
            statement.setString(1, key.provider());
            statement.setString(2, key.tenant());
            statement.setString(3, key.objectType());
            statement.setString(4, key.objectId());
            statement.setLong(5, version.createdMillis());
            statement.setString(6, version.eventId());
            statement.executeUpdate();
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean release(ObjectKey key, ClaimToken token) {
        return true;
    }

    @Override
    public Optional<ObjectVersion> current(ObjectKey key) {
        String select = "SELECT version_created, version_event FROM " + table
                + " WHERE provider = ? AND tenant = ? AND object_type = ? AND object_id = ?";
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(select)) {
            statement.setString(1, key.provider());
            statement.setString(2, key.tenant());
            statement.setString(3, key.objectType());
            statement.setString(4, key.objectId());
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(new ObjectVersion(Instant.ofEpochMilli(row.getLong(1)), OptionalLong.empty(),
                        row.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
