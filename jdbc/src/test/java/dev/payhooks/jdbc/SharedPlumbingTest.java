package dev.payhooks.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.WebhookUnavailableException;
import dev.payhooks.spi.InboxMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The idempotency store and the inbox share one plumbing: the same builder options with the same
 * validation, and the same answers to a database that is unsupported, unreachable, transactional
 * or missing its table, each naming the class the merchant built.
 */
class SharedPlumbingTest {

    private static final DataSource H2 = TestDatabases.h2("shared-plumbing");

    /** The two tables, as a test drives them. */
    enum Kind {
        STORE("JdbcIdempotencyStore", "IdempotencyStore", "IdempotencyStoreContract", "V1__payhooks_idempotency.sql"),
        INBOX("JdbcInbox", "Inbox", "InboxContract", "V1__payhooks_inbox.sql");

        final String owner;
        final String spi;
        final String contract;
        final String script;

        Kind(String owner, String spi, String contract, String script) {
            this.owner = owner;
            this.spi = spi;
            this.contract = contract;
            this.script = script;
        }

        TableBuilder<?> builder(DataSource dataSource) {
            return this == STORE ? JdbcIdempotencyStore.builder(dataSource) : JdbcInbox.builder(dataSource);
        }

        /** Builds and connects once. */
        void initialize(TableBuilder<?> builder) {
            if (builder instanceof JdbcIdempotencyStore.Builder store) {
                store.build().initialize();
            } else {
                ((JdbcInbox.Builder) builder).build().initialize();
            }
        }
    }

    @Test
    void bothBuildersRefuseTheSameMistakesWithTheSameMessage() {
        List<Consumer<TableBuilder<?>>> mistakes = List.of(
                builder -> builder.tableName("1table"),
                builder -> builder.tableName("select"),
                builder -> builder.tableName("a.b.c"),
                builder -> builder.tableName("t".repeat(49)),
                builder -> builder.tableName(null),
                builder -> builder.purgeBatchSize(0),
                builder -> builder.queryTimeout(Duration.ofMillis(1500)),
                builder -> builder.queryTimeout(Duration.ZERO),
                builder -> builder.queryTimeout(Duration.ofMinutes(6)),
                builder -> builder.queryTimeout(null));
        for (int i = 0; i < mistakes.size(); i++) {
            Consumer<TableBuilder<?>> mistake = mistakes.get(i);
            Throwable store = catchThrowable(() -> mistake.accept(Kind.STORE.builder(H2)));
            Throwable inbox = catchThrowable(() -> mistake.accept(Kind.INBOX.builder(H2)));

            assertThat(store).as("mistake %d", i).isInstanceOfAny(IllegalArgumentException.class, NullPointerException.class);
            assertThat(inbox).as("mistake %d", i).isExactlyInstanceOf(store.getClass()).hasMessage(store.getMessage());
        }
    }

    @Test
    void bothBuildersOfferTheSameOptions() {
        Set<String> store = options(JdbcIdempotencyStore.Builder.class);
        Set<String> inbox = options(JdbcInbox.Builder.class);

        assertThat(store).containsAll(inbox).contains("tableName(String)", "createSchemaIfMissing(boolean)",
                "purgeBatchSize(int)", "queryTimeout(Duration)");
        assertThat(store).as("beyond the inbox's options, only what the Inbox SPI takes per call")
                .containsExactlyInAnyOrderElementsOf(union(inbox, "retention(Duration)"));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anUnsupportedDatabaseIsRefusedNamingTheInterfaceAndTheContractToImplement(Kind kind) {
        SQLiteDataSource sqlite = new SQLiteDataSource();
        sqlite.setUrl("jdbc:sqlite::memory:");

        assertThatThrownBy(() -> kind.initialize(kind.builder(sqlite).createSchemaIfMissing(true)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("supports PostgreSQL and H2")
                .hasMessageContaining("'SQLite'")
                .hasMessageContaining("implement " + kind.spi + " ")
                .hasMessageContaining(kind.contract);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aConnectionOutsideAutocommitIsRefusedNamingTheClassItWasGivenTo(Kind kind) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestDatabases.h2Url("shared-plumbing"));
        config.setAutoCommit(false);
        config.setMaximumPoolSize(1);
        try (HikariDataSource transactional = new HikariDataSource(config)) {
            assertThatThrownBy(() -> kind.initialize(kind.builder(transactional).createSchemaIfMissing(true)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the DataSource given to " + kind.owner + " ")
                    .hasMessageContaining("not in autocommit mode")
                    .hasMessageContaining("plain connection pool");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aMissingTableNamesTheTableTheScriptAndTheOption(Kind kind) {
        String table = "never_created_" + kind.name().toLowerCase();
        TestDatabases.drop(H2, table);

        assertThatThrownBy(() -> kind.initialize(kind.builder(H2).tableName(table)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(" " + table + " is missing")
                .hasMessageContaining("/META-INF/payhooks/jdbc/h2/" + kind.script)
                .hasMessageContaining("build the " + kind.owner + " with createSchemaIfMissing(true)");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anUnreachableDatabaseIsUnavailableWithItsSqlStateButNotItsAddressOrPassword(Kind kind) throws IOException {
        PGSimpleDataSource closed = new PGSimpleDataSource();
        closed.setServerNames(new String[] {"127.0.0.1"});
        closed.setPortNumbers(new int[] {closedPort()});
        closed.setUser("payhooks");
        String password = "db-password-" + System.nanoTime();
        closed.setPassword(password);

        Throwable failure = catchThrowable(() -> kind.initialize(kind.builder(closed)));

        assertThat(failure).isInstanceOf(WebhookUnavailableException.class)
                .hasMessageContaining("database could not be reached")
                .hasMessageContaining("(SQLState 08");
        assertThat(failure.getMessage()).doesNotContain(password).doesNotContain("127.0.0.1");
    }

    @Test
    void theInboxPurgesInBatchesOfTheConfiguredSizeUntilABatchComesBackShort() {
        for (int rows : new int[] {5, 4}) {
            String table = "batched_purge_inbox_" + rows;
            TestDatabases.drop(H2, table);
            JdbcInbox inbox = JdbcInbox.builder(H2).tableName(table).createSchemaIfMissing(true).purgeBatchSize(2).build();
            for (int i = 0; i < rows; i++) {
                inbox.store(InboxMessage.builder().id("new").provider("test").idempotencyKey("evt_" + i).eventId("evt_" + i)
                        .eventType("test.event").receivedAt(Instant.EPOCH).body("{}".getBytes(StandardCharsets.UTF_8))
                        .headers(Map.of()).build());
            }
            inbox.claimDue(rows, Duration.ofMinutes(1)).forEach(inbox::markDone);
            InboxTables.advance(H2, table, Duration.ofDays(2));

            assertThat(inbox.purgeDone(Duration.ofDays(1))).as("%d rows in batches of 2", rows).isEqualTo(rows);
            assertThat(TestDatabases.count(H2, table)).isZero();
        }
    }

    /** The builder's public setters, each declared by the public builder itself so that reflection can call it. */
    private static Set<String> options(Class<?> builder) {
        List<Method> setters = Arrays.stream(builder.getMethods())
                .filter(method -> TableBuilder.class.isAssignableFrom(method.getReturnType()))
                .collect(Collectors.toList());
        assertThat(setters).allSatisfy(method -> assertThat(method.getDeclaringClass()).as(signature(method)).isEqualTo(builder));
        return setters.stream().map(SharedPlumbingTest::signature).collect(Collectors.toSet());
    }

    private static String signature(Method method) {
        return method.getName() + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static Set<String> union(Set<String> set, String more) {
        Set<String> union = new java.util.HashSet<>(set);
        union.add(more);
        return union;
    }

    /** A loopback port nothing listens on: one the system just handed out and we closed again. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
