package dev.payhooks.jdbc;

import dev.payhooks.spi.IdempotencyStore;
import dev.payhooks.spi.ClaimResult;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.IdempotencyKey;
import dev.payhooks.testkit.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the JDBC store promises beyond the testkit's contract, run on each supported database by a
 * subclass: fencing, one winner among concurrent takeovers, the database clock, purge, keys that do
 * not fit their columns, and schema handling.
 */
abstract class StoreBehaviourTest {

    static final String TABLE = "behaviour_idempotency";
    static final Duration LEASE = Duration.ofSeconds(30);
    static final Duration RETENTION = Duration.ofHours(1);

    JdbcIdempotencyStore store;

    /** The database under test; may be a pool. */
    abstract DataSource dataSource();

    @BeforeEach
    void freshTable() {
        TestDatabases.drop(dataSource(), TABLE);
        store = JdbcIdempotencyStore.builder(dataSource()).tableName(TABLE).retention(RETENTION)
                .createSchemaIfMissing(true).purgeBatchSize(2).build();
    }

    static IdempotencyKey key(String id) {
        return new IdempotencyKey("test", "", id);
    }

    static ClaimToken claimed(ClaimResult result) {
        assertThat(result).isInstanceOf(ClaimResult.Claimed.class);
        return ((ClaimResult.Claimed) result).token();
    }

    void advance(Duration duration) {
        TestDatabases.advance(dataSource(), TABLE, duration);
    }

    @Test
    void staleOwnersCompletionAfterATakeoverChangesNothing() throws SQLException {
        IdempotencyKey key = key("evt_fenced");
        ClaimToken stale = claimed(store.claim(key, LEASE));
        advance(LEASE.plusSeconds(1));
        ClaimToken fresh = claimed(store.claim(key, LEASE));

        assertThat(store.complete(key, stale)).isFalse();
        assertThat(store.release(key, stale)).isFalse();

        Row row = row(key);
        assertThat(row.token()).isEqualTo(fresh.value());
        assertThat(row.completedAt()).as("the stale completion did not mark the key done").isNull();
        assertThat(store.claim(key, LEASE)).isInstanceOf(ClaimResult.InProgress.class);
        assertThat(store.complete(key, fresh)).isTrue();
        assertThat(store.claim(key, LEASE)).isInstanceOf(ClaimResult.Completed.class);
    }

    @Test
    void completionAfterTheLeaseEndedButBeforeATakeoverStillCounts() {
        IdempotencyKey key = key("evt_late");
        ClaimToken token = claimed(store.claim(key, LEASE));
        advance(LEASE.plusSeconds(1));

        assertThat(store.complete(key, token)).as("nobody took over, so the token still owns the key").isTrue();
        assertThat(store.claim(key, LEASE)).isInstanceOf(ClaimResult.Completed.class);
    }

    @Test
    void exactlyOneOfManyConcurrentClaimersTakesOverAnExpiredLease() throws Exception {
        int keys = 20;
        int threads = 12;
        List<IdempotencyKey> expired = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            IdempotencyKey key = key("evt_takeover_" + i);
            claimed(store.claim(key, LEASE));
            expired.add(key);
        }
        advance(LEASE.plusSeconds(1));

        int[] winsPerKey = new int[keys];
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Integer>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    List<Integer> won = new ArrayList<>();
                    for (int i = 0; i < keys; i++) {
                        if (store.claim(expired.get(i), LEASE) instanceof ClaimResult.Claimed) {
                            won.add(i);
                        }
                    }
                    return won;
                }));
            }
            start.countDown();
            for (Future<List<Integer>> future : futures) {
                for (int i : future.get(60, TimeUnit.SECONDS)) {
                    winsPerKey[i]++;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(winsPerKey).as("takeovers per key").containsOnly(1);
    }

    @Test
    void leaseAndRetentionAreMeasuredWithTheDatabaseClock() throws SQLException {
        IdempotencyKey key = key("evt_clock");
        Instant before = databaseNow();
        ClaimToken token = claimed(store.claim(key, LEASE));
        ClaimResult inProgress = store.claim(key, LEASE);
        Instant after = databaseNow();

        assertThat(inProgress).isInstanceOf(ClaimResult.InProgress.class);
        assertThat(((ClaimResult.InProgress) inProgress).leaseExpiresAt())
                .isBetween(before.plus(LEASE), after.plus(LEASE));

        store.complete(key, token);
        Instant completedBy = databaseNow();
        ClaimResult completed = store.claim(key, LEASE);
        assertThat(completed).isInstanceOf(ClaimResult.Completed.class);
        assertThat(((ClaimResult.Completed) completed).completedAt()).isBetween(before, completedBy);
        assertThat(row(key).expiresAt()).isEqualTo(((ClaimResult.Completed) completed).completedAt().plus(RETENTION));
    }

    @Test
    void purgeRemovesOnlyExpiredRowsInBatches() {
        List<IdempotencyKey> oldCompleted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            IdempotencyKey key = key("evt_old_completed_" + i);
            store.complete(key, claimed(store.claim(key, LEASE)));
            oldCompleted.add(key);
        }
        IdempotencyKey abandoned = key("evt_abandoned");
        claimed(store.claim(abandoned, LEASE));
        IdempotencyKey alsoAbandoned = key("evt_also_abandoned");
        claimed(store.claim(alsoAbandoned, LEASE));
        advance(RETENTION.plusSeconds(1));
        IdempotencyKey recentCompleted = key("evt_recent_completed");
        store.complete(recentCompleted, claimed(store.claim(recentCompleted, LEASE)));
        IdempotencyKey live = key("evt_live");
        claimed(store.claim(live, RETENTION.multipliedBy(2)));
        IdempotencyKey nearlyDone = key("evt_completed_just_inside_retention");
        store.complete(nearlyDone, claimed(store.claim(nearlyDone, LEASE)));
        advance(RETENTION.minusSeconds(5));

        assertThat(store.purgeExpired()).as("7 expired rows, deleted 2 at a time").isEqualTo(7);

        assertThat(TestDatabases.count(dataSource(), TABLE)).isEqualTo(3);
        assertThat(store.claim(live, LEASE)).isInstanceOf(ClaimResult.InProgress.class);
        assertThat(store.claim(recentCompleted, LEASE)).isInstanceOf(ClaimResult.Completed.class);
        assertThat(store.claim(nearlyDone, LEASE)).isInstanceOf(ClaimResult.Completed.class);
        assertThat(store.purgeExpired()).as("nothing left to purge").isZero();
        assertThat(store.claim(oldCompleted.get(0), LEASE)).isInstanceOf(ClaimResult.Claimed.class);
    }

    @Test
    void purgeOfAnEmptyTableDeletesNothing() {
        assertThat(store.purgeExpired()).isZero();
    }

    @Test
    void keysThatDoNotFitTheirColumnsAreStoredAsDigestsAndStayDistinct() {
        String longKey = "evt_" + "a".repeat(400);
        String otherLongKey = "evt_" + "a".repeat(399) + "b";
        String longTenant = "t".repeat(500);
        List<IdempotencyKey> keys = List.of(
                key(longKey), key(otherLongKey),
                new IdempotencyKey("test", longTenant, "evt_1"), new IdempotencyKey("test", longTenant + "x", "evt_1"),
                new IdempotencyKey("p".repeat(150), "", "evt_1"),
                // PostgreSQL cannot store NUL in text; a lone surrogate has no exact UTF-8 form.
                key("evt_nul\u0000a"), key("evt_nul\u0000b"),
                key("evt_lone_\uD800"), key("evt_lone_\uDBFF"), key("evt_lone_\uDC00"),
                // A key that looks like a stored digest is digested too, so it cannot collide with one.
                key("~sha256:" + "0".repeat(64)));
        for (IdempotencyKey k : keys) {
            assertThat(store.claim(k, LEASE)).as("first claim of %s", k).isInstanceOf(ClaimResult.Claimed.class);
        }
        for (IdempotencyKey k : keys) {
            assertThat(store.claim(k, LEASE)).isInstanceOf(ClaimResult.InProgress.class);
        }
        assertThat(TestDatabases.count(dataSource(), TABLE)).isEqualTo(keys.size());
    }

    @Test
    void tokensTheStoreCannotHaveIssuedChangeNothingAndNeverFail() {
        IdempotencyKey key = key("evt_foreign_token");
        claimed(store.claim(key, LEASE));

        assertThat(store.complete(key, new ClaimToken("nul\u0000token"))).isFalse();
        assertThat(store.complete(key, new ClaimToken("x".repeat(1000)))).isFalse();
        assertThat(store.release(key, new ClaimToken("\uD800"))).isFalse();
        assertThat(store.claim(key, LEASE)).isInstanceOf(ClaimResult.InProgress.class);
    }

    @Test
    void subMillisecondLeaseIsRoundedUpNotDown() {
        IdempotencyKey key = key("evt_tiny_lease");
        claimed(store.claim(key, Duration.ofNanos(1)));
        advance(Duration.ofMillis(1));

        assertThat(store.claim(key, LEASE)).isInstanceOf(ClaimResult.Claimed.class);
    }

    @Test
    void invalidLeaseIsRefusedBeforeTouchingTheDatabase() {
        assertThatThrownBy(() -> store.claim(key("evt"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lease must be positive");
        assertThatThrownBy(() -> store.claim(key("evt"), Duration.ofDays(4000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 3650 days");
    }

    @Test
    void schemaQualifiedTableNameWorks() throws SQLException {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS billing");
        }
        TestDatabases.drop(dataSource(), "billing.webhook_claims");
        JdbcIdempotencyStore qualified = JdbcIdempotencyStore.builder(dataSource()).tableName("billing.webhook_claims")
                .createSchemaIfMissing(true).build();
        IdempotencyKey key = key("evt_schema");

        qualified.complete(key, claimed(qualified.claim(key, LEASE)));

        assertThat(qualified.claim(key, LEASE)).isInstanceOf(ClaimResult.Completed.class);
        assertThat(TestDatabases.count(dataSource(), "billing.webhook_claims")).isEqualTo(1);
        assertThat(store.claim(key, LEASE)).as("another table").isInstanceOf(ClaimResult.Claimed.class);
    }

    @Test
    void missingTableIsAConfigurationErrorThatNamesTheFix() {
        TestDatabases.drop(dataSource(), "never_created");
        JdbcIdempotencyStore withoutSchema = JdbcIdempotencyStore.builder(dataSource()).tableName("never_created").build();

        assertThatThrownBy(withoutSchema::initialize)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("never_created")
                .hasMessageContaining("V1__payhooks_idempotency.sql")
                .hasMessageContaining("createSchemaIfMissing(true)");
        assertThatThrownBy(() -> withoutSchema.claim(key("evt"), LEASE)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void schemaCreationIsIdempotent() {
        JdbcIdempotencyStore again = JdbcIdempotencyStore.builder(dataSource()).tableName(TABLE).createSchemaIfMissing(true).build();
        IdempotencyKey key = key("evt_kept");
        claimed(store.claim(key, LEASE));

        again.initialize();

        assertThat(again.claim(key, LEASE)).as("existing rows survive").isInstanceOf(ClaimResult.InProgress.class);
    }

    /**
     * Differential: a seeded random sequence of claims (two lease lengths), completions, releases
     * (with current, stale and foreign tokens), purges and time steps on five keys gives the same
     * answers from this store as from core's in-memory store with a mutable clock. Time steps are
     * multiples of 5 s and leases multiples of 10 s, so the few milliseconds that pass on the
     * database clock while the test runs never decide an expiry.
     */
    @Test
    void behavesLikeTheInMemoryStoreOnASeededRandomSequenceOfOperations() {
        long seed = Long.getLong("payhooks.seed", System.nanoTime());
        Random random = new Random(seed);
        store.initialize();
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        IdempotencyStore reference = IdempotencyStore.inMemoryBuilder().clock(clock).retention(RETENTION).build();
        List<IdempotencyKey> keys = new ArrayList<>();
        List<List<ClaimToken[]>> issued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            keys.add(key("evt_diff_" + i));
            issued.add(new ArrayList<>());
        }
        for (int step = 0; step < 200; step++) {
            String at = "seed " + seed + ", step " + step;
            int k = random.nextInt(keys.size());
            IdempotencyKey key = keys.get(k);
            int operation = random.nextInt(10);
            if (operation < 4) {
                Duration lease = random.nextBoolean() ? Duration.ofSeconds(30) : Duration.ofSeconds(120);
                ClaimResult expected = reference.claim(key, lease);
                ClaimResult actual = store.claim(key, lease);
                assertThat(actual.getClass()).as("claim, %s", at).isEqualTo(expected.getClass());
                if (expected instanceof ClaimResult.Claimed claimedReference) {
                    issued.get(k).add(new ClaimToken[] {claimedReference.token(), ((ClaimResult.Claimed) actual).token()});
                }
            } else if (operation < 7) {
                ClaimToken[] tokens = pick(issued.get(k), random);
                boolean complete = operation < 6;
                boolean expected = complete ? reference.complete(key, tokens[0]) : reference.release(key, tokens[0]);
                boolean actual = complete ? store.complete(key, tokens[1]) : store.release(key, tokens[1]);
                assertThat(actual).as("%s, %s", complete ? "complete" : "release", at).isEqualTo(expected);
            } else if (operation < 8) {
                assertThat(store.purgeExpired()).as("purge, %s", at).isEqualTo(reference.purgeExpired());
            } else {
                Duration step5 = Duration.ofSeconds(5L * (1 + random.nextInt(random.nextInt(10) == 0 ? 800 : 8)));
                clock.advance(step5);
                advance(step5);
            }
        }
    }

    private static ClaimToken[] pick(List<ClaimToken[]> issued, Random random) {
        if (issued.isEmpty() || random.nextInt(8) == 0) {
            ClaimToken foreign = ClaimToken.random();
            return new ClaimToken[] {foreign, foreign};
        }
        // Mostly the newest token (the current owner), sometimes an older, stale one.
        return random.nextInt(4) == 0 ? issued.get(random.nextInt(issued.size())) : issued.get(issued.size() - 1);
    }

    @Test
    void instancesCreatingTheSchemaAtTheSameTimeAllSucceed() throws Exception {
        String table = "racing_schema";
        TestDatabases.drop(dataSource(), table);
        int instances = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    JdbcIdempotencyStore.builder(dataSource()).tableName(table).createSchemaIfMissing(true).build()
                            .initialize();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(TestDatabases.count(dataSource(), table)).isZero();
    }

    @Test
    void toStringNamesTheTableAndDialectButNotTheDataSource() {
        store.initialize();

        assertThat(store.toString()).contains(TABLE).contains("retention=PT1H").doesNotContain("jdbc:");
    }

    @Test
    void claimsOfDistinctKeysUseIndependentRows() {
        String id = "evt_" + UUID.randomUUID();
        claimed(store.claim(new IdempotencyKey("stripe", "", id), LEASE));
        claimed(store.claim(new IdempotencyKey("stripe", "acct_1", id), LEASE));

        assertThat(TestDatabases.count(dataSource(), TABLE)).isEqualTo(2);
    }

    Instant databaseNow() throws SQLException {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT CURRENT_TIMESTAMP")) {
            rows.next();
            return rows.getObject(1, OffsetDateTime.class).toInstant();
        }
    }

    Row row(IdempotencyKey key) throws SQLException {
        try (Connection connection = dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT claim_token, completed_at, expires_at FROM "
                     + TABLE + " WHERE provider = ? AND tenant = ? AND event_key = ?")) {
            select.setString(1, key.provider());
            select.setString(2, key.tenant());
            select.setString(3, key.key());
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).as("row for %s", key).isTrue();
                OffsetDateTime completedAt = rows.getObject(2, OffsetDateTime.class);
                return new Row(rows.getString(1), completedAt == null ? null : completedAt.toInstant(),
                        rows.getObject(3, OffsetDateTime.class).toInstant());
            }
        }
    }

    record Row(String token, Instant completedAt, Instant expiresAt) {
    }
}
