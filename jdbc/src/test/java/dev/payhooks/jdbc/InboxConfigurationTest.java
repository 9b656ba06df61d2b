package dev.payhooks.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.spi.ClaimToken;
import dev.payhooks.spi.InboxMessage;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JdbcInbox's builder, its refusals and the answers to ids and tokens it never issued. */
class InboxConfigurationTest {

    private static final DataSource H2 = TestDatabases.h2("inbox-configuration");

    @Test
    void refusesTableNamesThatAreNotPlainIdentifiersAndOddQueryTimeouts() {
        assertThatThrownBy(() -> JdbcInbox.builder(H2).tableName("inbox; DROP TABLE x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid table name");
        assertThatThrownBy(() -> JdbcInbox.builder(H2).tableName("select"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> JdbcInbox.builder(H2).queryTimeout(Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole number of seconds");
    }

    @Test
    void defaultsAreTheDocumentedOnesAndBuildingDoesNotConnect() {
        JdbcInbox inbox = JdbcInbox.builder(new SQLiteDataSource()).build();

        assertThat(inbox.tableName()).isEqualTo("payhooks_inbox");
        assertThat(inbox.toString()).isEqualTo("JdbcInbox[table=payhooks_inbox, dialect=not yet detected]");
    }

    @Test
    void anUnsupportedDatabaseIsRefusedWithTheWayOut() {
        SQLiteDataSource sqlite = new SQLiteDataSource();
        sqlite.setUrl("jdbc:sqlite::memory:");

        assertThatThrownBy(() -> JdbcInbox.builder(sqlite).createSchemaIfMissing(true).build().initialize())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("SQLite").hasMessageContaining("InboxContract");
    }

    @Test
    void aMissingTableIsAStartupErrorNamingTheSchemaScript() {
        assertThatThrownBy(() -> JdbcInbox.builder(H2).tableName("never_created_inbox").build().initialize())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("never_created_inbox").hasMessageContaining("V1__payhooks_inbox.sql")
                .hasMessageContaining("createSchemaIfMissing");
    }

    @Test
    void aPoolWithoutAutocommitIsRefused() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestDatabases.h2Url("inbox-configuration"));
        config.setAutoCommit(false);
        config.setMaximumPoolSize(1);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            assertThatThrownBy(() -> JdbcInbox.builder(pool).createSchemaIfMissing(true).build().initialize())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("autocommit");
        }
    }

    @Test
    void idsAndTokensItNeverIssuedChangeNothing() {
        JdbcInbox inbox = JdbcInbox.builder(H2).tableName("foreign_inbox").createSchemaIfMissing(true).build();
        inbox.store(InboxMessage.builder().id("new").provider("test").idempotencyKey("evt_1").eventId("evt_1")
                .eventType("test.event").receivedAt(Instant.EPOCH).body("{}".getBytes(StandardCharsets.UTF_8))
                .headers(Map.of()).build());
        InboxMessage claimed = inbox.claimDue(1, Duration.ofMinutes(1)).get(0);

        for (String token : List.of("not-the-token", "x".repeat(65), "nul\u0000token")) {
            InboxMessage forged = claimed.toBuilder().claimToken(new ClaimToken(token)).build();
            assertThat(inbox.markDone(forged)).as(token).isFalse();
            assertThat(inbox.release(forged)).as(token).isFalse();
        }
        for (String id : List.of("abc", "", "99999999999999999999", "-1", "12345")) {
            assertThat(inbox.markDead(claimed.toBuilder().id(id).build(), "x")).as(id).isFalse();
            assertThat(inbox.replayDeadWithoutReverifying(id)).as(id).isFalse();
        }
        assertThat(inbox.markDone(claimed)).isTrue();
        assertThatThrownBy(() -> inbox.claimDue(0, Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> inbox.claimDue(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> inbox.listDead(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> inbox.purgeDone(Duration.ofDays(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void instancesCreatingTheSchemaAtTheSameTimeAllSucceed() throws Exception {
        try (HikariDataSource postgres = TestDatabases.postgresPool("pg-inbox-schema-race", 6)) {
            TestDatabases.drop(postgres, "racing_inbox");
            int instances = 6;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(instances);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < instances; i++) {
                    futures.add(threads.submit(() -> {
                        start.await();
                        JdbcInbox.builder(postgres).tableName("racing_inbox").createSchemaIfMissing(true).build().initialize();
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> future : futures) {
                    future.get(60, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(TestDatabases.count(postgres, "racing_inbox")).isZero();
        }
    }

    @Test
    void bodyAndHeadersComeBackByteForByteAndNulInTheEventIdIsStorable() {
        DataSource[] databases = {H2, null};
        try (HikariDataSource postgres = TestDatabases.postgresPool("pg-inbox-bytes", 2)) {
            databases[1] = postgres;
            for (DataSource database : databases) {
                TestDatabases.drop(database, "bytes_inbox");
                JdbcInbox inbox = JdbcInbox.builder(database).tableName("bytes_inbox").createSchemaIfMissing(true).build();
                byte[] body = new byte[256];
                for (int i = 0; i < body.length; i++) {
                    body[i] = (byte) i;
                }
                Map<String, List<String>> headers = Map.of("stripe-signature", List.of("t=1,v1=ab", "t=1,v1=cd"),
                        "x-odd", List.of("quote \" backslash \\ nul \u0000 é"));
                assertThat(inbox.store(InboxMessage.builder().id("new").provider("test").idempotencyKey("k\u0000ey")
                        .eventId("evt\u0000nul").eventType("test.event").receivedAt(Instant.EPOCH).body(body).headers(headers)
                        .build())).isTrue();

                InboxMessage claimed = inbox.claimDue(1, Duration.ofMinutes(1)).get(0);

                assertThat(claimed.body()).isEqualTo(body);
                assertThat(claimed.headers()).isEqualTo(headers);
                assertThat(claimed.eventId()).isEqualTo("evt\uFFFDnul");
                assertThat(claimed.receivedAt()).as("the database's clock, not the message's").isAfter(Instant.EPOCH);
            }
        }
    }
}
