package dev.payhooks.jdbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Builder validation and dialect selection: configuration mistakes fail with a message that says the fix. */
class ConfigurationTest {

    private static final DataSource H2 = TestDatabases.h2("configuration");

    @ParameterizedTest
    @ValueSource(strings = {"payhooks_idempotency", "WebhookClaims", "_t", "billing.payhooks_idempotency", "t1"})
    void acceptsPlainIdentifiersAsTableNames(String name) {
        assertThat(JdbcIdempotencyStore.builder(H2).tableName(name).build().tableName()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1table", "my-table", "my table", "t;DROP TABLE x", "\"quoted\"", "a.b.c", ".t", "t.",
            "tëst", "payhooks_idempotency--"})
    void refusesTableNamesThatAreNotPlainIdentifiers(String name) {
        assertThatThrownBy(() -> JdbcIdempotencyStore.builder(H2).tableName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid table name")
                .hasMessageContaining("payhooks_idempotency");
    }

    @ParameterizedTest
    @ValueSource(strings = {"user", "ORDER", "select", "billing.table", "group.t"})
    void refusesReservedWordsAsTableNames(String name) {
        assertThatThrownBy(() -> JdbcIdempotencyStore.builder(H2).tableName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reserved SQL word");
    }

    @Test
    void refusesTableNamePartsTooLongForAnIndexName() {
        assertThat(JdbcIdempotencyStore.builder(H2).tableName("t".repeat(48)).build().tableName()).hasSize(48);
        assertThatThrownBy(() -> JdbcIdempotencyStore.builder(H2).tableName("t".repeat(49)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 48 characters");
    }

    @Test
    void refusesRetentionsThatAreNotPositiveOrAbsurd() {
        assertThatThrownBy(() -> JdbcIdempotencyStore.builder(H2).retention(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention must be positive");
        assertThatThrownBy(() -> JdbcIdempotencyStore.builder(H2).retention(Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention must be positive");
        assertThatThrownBy(() -> JdbcIdempotencyStore.builder(H2).retention(Duration.ofDays(3651)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 3650 days");
    }

    @Test
    void refusesPurgeBatchSizesBelowOne() {
        assertThatThrownBy(() -> JdbcIdempotencyStore.builder(H2).purgeBatchSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("purgeBatchSize must be at least 1");
    }

    @Test
    void refusesQueryTimeoutsThatAreNotWholeSecondsInRange() {
        assertThatThrownBy(() -> JdbcIdempotencyStore.builder(H2).queryTimeout(Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole number of seconds");
        assertThatThrownBy(() -> JdbcIdempotencyStore.builder(H2).queryTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JdbcIdempotencyStore.builder(H2).queryTimeout(Duration.ofMinutes(6)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        JdbcIdempotencyStore store = JdbcIdempotencyStore.builder(H2).build();

        assertThat(store.tableName()).isEqualTo(JdbcIdempotencyStore.DEFAULT_TABLE_NAME).isEqualTo("payhooks_idempotency");
        assertThat(store.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(store.toString()).contains("not yet detected");
    }

    @Test
    void requiresADataSource() {
        assertThatThrownBy(() -> JdbcIdempotencyStore.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("dataSource");
    }

    @Test
    void anUnsupportedDatabaseIsRefusedWithTheReasonAndTheWayOut() {
        // A real database (SQLite, in memory) that the store has no dialect for.
        SQLiteDataSource sqlite = new SQLiteDataSource();
        sqlite.setUrl("jdbc:sqlite::memory:");
        JdbcIdempotencyStore store = JdbcIdempotencyStore.builder(sqlite).createSchemaIfMissing(true).build();

        assertThatThrownBy(store::initialize)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("supports PostgreSQL and H2")
                .hasMessageContaining("SQLite")
                .hasMessageContaining("IdempotencyStoreContract");
    }

    @Test
    void buildingDoesNotConnect() {
        JdbcIdempotencyStore store = JdbcIdempotencyStore.builder(TestDatabases.h2("never_connected"))
                .tableName("not_there").build();

        assertThat(store.toString()).contains("not yet detected");
    }
}
