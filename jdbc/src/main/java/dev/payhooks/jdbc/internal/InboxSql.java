package dev.payhooks.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.IdempotencyKey;
import dev.payhooks.spi.InboxMessage;
import dev.payhooks.spi.InboxStats;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inbox table's statements on one dialect. Every instant is the database's
 * {@code CURRENT_TIMESTAMP} (plus a duration), so instances whose clocks disagree still agree on
 * due times and leases.
 *
 * <p><b>Claims.</b> One statement claims a batch: an {@code UPDATE} of the rows chosen by a
 * sub-select with {@code FOR UPDATE SKIP LOCKED}, whose own {@code WHERE} repeats the due
 * condition. On PostgreSQL the sub-select, a {@code WITH} query run exactly once, locks the rows it
 * picks and skips rows another claimer holds, so concurrent workers get disjoint batches without
 * waiting for each other, and no batch is larger than asked. H2 (2.3, the
 * version tested) accepts the same syntax, but it evaluates the sub-select before
 * the update takes its row locks; what keeps H2 correct is the repeated condition, which H2
 * re-checks on the newest row version after waiting for a row lock, so of two claimers of a row
 * exactly one updates it and the other gets fewer rows. The claimed rows come back in the same
 * statement ({@link Dialect#updateReturning}).
 */
public final class InboxSql extends TableSql {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, List<String>>> HEADERS = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, provider, tenant, idempotency_key, event_id, event_type, received_at,"
            + " body, headers, status, attempts, last_error, claim_token";

    private final String insertSql;
    private final String claimSql;
    private final boolean pickParametersFirst;
    private final String doneSql;
    private final String retrySql;
    private final String deadSql;
    private final String releaseSql;
    private final String listSql;
    private final String replayOneSql;
    private final String replayAllSql;
    private final String purgeSql;
    private final String countSql;
    private final String statsSql;

    InboxSql(Dialect dialect, TableName table, int queryTimeoutSeconds) {
        super(dialect, table, queryTimeoutSeconds, "V1__payhooks_inbox.sql",
                COLUMNS + ", next_attempt_at, lease_expires_at, completed_at");
        String t = table.qualified();
        String now = "CURRENT_TIMESTAMP";
        String later = dialect.nowPlusMillis();
        this.insertSql = dialect.insertUnlessDuplicate("INSERT INTO " + t + " (provider, tenant, idempotency_key, event_id,"
                + " event_type, body, headers, received_at, status, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
                + now + ", 'PENDING', 0, " + now + ")", "provider, tenant, idempotency_key");
        String due = "(status = 'PENDING' AND next_attempt_at <= " + now + " OR status = 'RUNNING' AND lease_expires_at <= "
                + now + ")";
        this.claimSql = dialect.updatePicked(t, "status = 'RUNNING', attempts = attempts + 1, claim_token = ?,"
                + " lease_expires_at = " + later, "SELECT id FROM " + t + " WHERE " + due
                + " ORDER BY id FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED", due, COLUMNS);
        this.pickParametersFirst = dialect.pickParametersFirst();
        String owned = " WHERE id = ? AND claim_token = ? AND status = 'RUNNING'";
        this.doneSql = "UPDATE " + t + " SET status = 'DONE', completed_at = " + now + ", claim_token = NULL,"
                + " lease_expires_at = NULL" + owned;
        this.retrySql = "UPDATE " + t + " SET status = 'PENDING', next_attempt_at = " + later + ", last_error = ?,"
                + " claim_token = NULL, lease_expires_at = NULL" + owned;
        this.deadSql = "UPDATE " + t + " SET status = 'DEAD', last_error = ?, claim_token = NULL, lease_expires_at = NULL" + owned;
        this.releaseSql = "UPDATE " + t + " SET status = 'PENDING', next_attempt_at = " + now + ","
                + " attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, claim_token = NULL, lease_expires_at = NULL"
                + owned;
        this.listSql = "SELECT " + COLUMNS + " FROM " + t + " WHERE status = 'DEAD' ORDER BY id FETCH FIRST ? ROWS ONLY";
        this.replayAllSql = "UPDATE " + t + " SET status = 'PENDING', attempts = 0, next_attempt_at = " + now
                + " WHERE status = 'DEAD'";
        this.replayOneSql = replayAllSql + " AND id = ?";
        // In batches, each its own short statement, so a large purge never holds many locks for
        // long; the parameter of "now plus" is the negated retention.
        this.purgeSql = "DELETE FROM " + t + " WHERE id IN (SELECT id FROM " + t + " WHERE status = 'DONE' AND completed_at < "
                + later + " ORDER BY id FETCH FIRST ? ROWS ONLY)";
        this.countSql = "SELECT status, COUNT(*) FROM " + t + " GROUP BY status";
        // One statement, so the counts and the oldest arrival come from one snapshot; done rows
        // (most of the table) are left to the status index.
        this.statsSql = "SELECT status, COUNT(*), MIN(received_at) FROM " + t + " WHERE status IN ('PENDING', 'RUNNING',"
                + " 'DEAD') GROUP BY status";
    }

    /**
     * Stores a delivery unless its key is stored.
     *
     * @param connection an autocommit connection
     * @param message the delivery
     * @return whether a row was inserted
     * @throws SQLException when the database fails
     */
    public boolean store(Connection connection, InboxMessage message) throws SQLException {
        StoredKey key = StoredKey.of(new IdempotencyKey(message.provider(), message.tenant(), message.idempotencyKey()));
        String headers;
        try {
            headers = JSON.writeValueAsString(message.headers());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the headers as JSON", e);
        }
        try (PreparedStatement insert = prepare(connection, insertSql)) {
            key.bind(insert, 1);
            insert.setString(4, text(message.eventId()));
            insert.setString(5, text(message.eventType()));
            insert.setBytes(6, message.body());
            insert.setString(7, headers);
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            if (dialect.isDuplicate(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Claims up to {@code max} due rows for {@code token}.
     *
     * @param connection an autocommit connection
     * @param max the most rows
     * @param leaseMillis the lease
     * @param token the claim's token
     * @return the claimed rows, oldest first
     * @throws SQLException when the database fails
     */
    public List<InboxMessage> claim(Connection connection, int max, long leaseMillis, ClaimToken token) throws SQLException {
        List<InboxMessage> claimed = new ArrayList<>();
        try (PreparedStatement statement = prepare(connection, claimSql)) {
            int first = pickParametersFirst ? 2 : 1;
            statement.setString(first, token.value());
            statement.setLong(first + 1, leaseMillis);
            statement.setInt(pickParametersFirst ? 1 : 3, max);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    claimed.add(read(rows));
                }
            }
        } catch (SQLException e) {
            // Another claimer changed one of the rows first (H2): it is theirs, and the rest is due
            // again at the next poll.
            if (dialect.isLostRace(e)) {
                return List.of();
            }
            throw e;
        }
        claimed.sort(Comparator.comparingLong(message -> Long.parseLong(message.id())));
        return claimed;
    }

    /**
     * Marks a claimed row done.
     *
     * @param connection an autocommit connection
     * @param id the row id
     * @param token its claim token
     * @return whether the row changed
     * @throws SQLException when the database fails
     */
    public boolean done(Connection connection, long id, ClaimToken token) throws SQLException {
        try (PreparedStatement update = prepare(connection, doneSql)) {
            update.setLong(1, id);
            update.setString(2, token.value());
            return update.executeUpdate() == 1;
        }
    }

    /**
     * Schedules a claimed row's next attempt.
     *
     * @param connection an autocommit connection
     * @param id the row id
     * @param token its claim token
     * @param delayMillis until the next attempt
     * @param error the failure
     * @return whether the row changed
     * @throws SQLException when the database fails
     */
    public boolean retry(Connection connection, long id, ClaimToken token, long delayMillis, String error) throws SQLException {
        try (PreparedStatement update = prepare(connection, retrySql)) {
            update.setLong(1, delayMillis);
            update.setString(2, text(error));
            update.setLong(3, id);
            update.setString(4, token.value());
            return update.executeUpdate() == 1;
        }
    }

    /**
     * Marks a claimed row dead.
     *
     * @param connection an autocommit connection
     * @param id the row id
     * @param token its claim token
     * @param error the failure
     * @return whether the row changed
     * @throws SQLException when the database fails
     */
    public boolean dead(Connection connection, long id, ClaimToken token, String error) throws SQLException {
        try (PreparedStatement update = prepare(connection, deadSql)) {
            update.setString(1, text(error));
            update.setLong(2, id);
            update.setString(3, token.value());
            return update.executeUpdate() == 1;
        }
    }

    /**
     * Gives a claimed row back, due now, without counting the attempt.
     *
     * @param connection an autocommit connection
     * @param id the row id
     * @param token its claim token
     * @return whether the row changed
     * @throws SQLException when the database fails
     */
    public boolean release(Connection connection, long id, ClaimToken token) throws SQLException {
        try (PreparedStatement update = prepare(connection, releaseSql)) {
            update.setLong(1, id);
            update.setString(2, token.value());
            return update.executeUpdate() == 1;
        }
    }

    /**
     * Dead rows, oldest first.
     *
     * @param connection a connection
     * @param limit the most rows
     * @return the rows
     * @throws SQLException when the database fails
     */
    public List<InboxMessage> listDead(Connection connection, int limit) throws SQLException {
        List<InboxMessage> dead = new ArrayList<>();
        try (PreparedStatement select = prepare(connection, listSql)) {
            select.setInt(1, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    dead.add(read(rows));
                }
            }
        }
        return dead;
    }

    /**
     * Makes one dead row pending and due now with no attempts.
     *
     * @param connection an autocommit connection
     * @param id the row id
     * @return whether the row changed
     * @throws SQLException when the database fails
     */
    public boolean replayOne(Connection connection, long id) throws SQLException {
        try (PreparedStatement update = prepare(connection, replayOneSql)) {
            update.setLong(1, id);
            return update.executeUpdate() == 1;
        }
    }

    /**
     * Makes every dead row pending and due now with no attempts.
     *
     * @param connection an autocommit connection
     * @return how many rows changed
     * @throws SQLException when the database fails
     */
    public int replayAll(Connection connection) throws SQLException {
        try (PreparedStatement update = prepare(connection, replayAllSql)) {
            return update.executeUpdate();
        }
    }

    /**
     * Deletes at most {@code batchSize} done rows completed before the retention.
     *
     * @param connection an autocommit connection
     * @param retentionMillis the retention
     * @param batchSize the most rows
     * @return how many were deleted
     * @throws SQLException when the database fails
     */
    public int purgeBatch(Connection connection, long retentionMillis, int batchSize) throws SQLException {
        try (PreparedStatement delete = prepare(connection, purgeSql)) {
            delete.setLong(1, -retentionMillis);
            delete.setInt(2, batchSize);
            return delete.executeUpdate();
        }
    }

    /**
     * How many rows are in each state.
     *
     * @param connection a connection
     * @return the counts, zero for absent states
     * @throws SQLException when the database fails
     */
    public Map<InboxMessage.Status, Long> counts(Connection connection) throws SQLException {
        Map<InboxMessage.Status, Long> counts = new EnumMap<>(InboxMessage.Status.class);
        for (InboxMessage.Status status : InboxMessage.Status.values()) {
            counts.put(status, 0L);
        }
        try (PreparedStatement select = prepare(connection, countSql); ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                counts.put(InboxMessage.Status.valueOf(rows.getString(1)), rows.getLong(2));
            }
        }
        return counts;
    }

    /**
     * Counts the unfinished rows by state and finds the oldest pending arrival, in one statement.
     *
     * @param connection a connection
     * @return the snapshot
     * @throws SQLException when the database fails
     */
    public InboxStats stats(Connection connection) throws SQLException {
        long pending = 0;
        long running = 0;
        long dead = 0;
        Instant oldestPending = null;
        try (PreparedStatement select = prepare(connection, statsSql); ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                switch (InboxMessage.Status.valueOf(rows.getString(1))) {
                    case PENDING -> {
                        pending = rows.getLong(2);
                        oldestPending = rows.getObject(3, OffsetDateTime.class).toInstant();
                    }
                    case RUNNING -> running = rows.getLong(2);
                    case DEAD -> dead = rows.getLong(2);
                    case DONE -> {
                    }
                }
            }
        }
        return pending == 0 ? InboxStats.withoutPending(running, dead) : InboxStats.of(pending, running, dead, oldestPending);
    }

    private static InboxMessage read(ResultSet row) throws SQLException {
        Map<String, List<String>> headers;
        try {
            headers = JSON.readValue(row.getString(9), HEADERS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the headers column of inbox row " + row.getLong(1) + " is not the JSON payhooks"
                    + " writes; was the row edited by hand?", e);
        }
        String token = row.getString(13);
        return InboxMessage.builder()
                .id(Long.toString(row.getLong(1)))
                .provider(row.getString(2))
                .tenant(row.getString(3))
                .idempotencyKey(row.getString(4))
                .eventId(row.getString(5))
                .eventType(row.getString(6))
                .receivedAt(row.getObject(7, OffsetDateTime.class).toInstant())
                .body(row.getBytes(8))
                .headers(headers)
                .status(InboxMessage.Status.valueOf(row.getString(10)))
                .attempts(row.getInt(11))
                .lastError(row.getString(12))
                .claimToken(token == null ? null : new ClaimToken(token))
                .build();
    }

    /**
     * Text for a text column: PostgreSQL refuses NUL in text, and a lone surrogate has no UTF-8
     * form; both become U+FFFD. Only for display columns (event id and type, errors): the row is
     * decoded again from its body, which is stored byte for byte.
     */
    private static String text(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean bad = c == '\0'
                    || Character.isHighSurrogate(c) && (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1)));
            if (bad && out == null) {
                out = new StringBuilder(value.substring(0, i));
            }
            if (out != null) {
                out.append(bad ? '\uFFFD' : c);
            }
        }
        return out == null ? value : out.toString();
    }
}
