package dev.payhooks.jdbc.internal;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every dialect supplies both tables' statements and ships both versioned scripts: what a new
 * database has to provide before the contract tests can even start.
 */
class DialectTest {

    private static final TableName TABLE = TableName.of("billing.dialect_check");

    @Test
    void everyDialectShipsBothScriptsWithEveryPlaceholderFilledIn() {
        for (Dialect dialect : Dialect.supported()) {
            List<TableSql> tables = List.of(Role.IDEMPOTENCY_STORE.statements().build(dialect, TABLE, 5),
                    Role.INBOX.statements().build(dialect, TABLE, 5));
            for (TableSql sql : tables) {
                List<String> statements = sql.schemaStatements();

                assertThat(sql.schemaResource()).as(dialect.name()).startsWith("/META-INF/payhooks/jdbc/" + dialect.name() + "/");
                assertThat(statements).as(sql.schemaResource()).isNotEmpty()
                        .allSatisfy(statement -> assertThat(statement).doesNotContain("${").doesNotContain("--"));
                assertThat(statements.get(0)).as(sql.schemaResource())
                        .startsWith("CREATE TABLE IF NOT EXISTS billing.dialect_check (");
                assertThat(statements.subList(1, statements.size())).as(sql.schemaResource())
                        .allSatisfy(index -> assertThat(index).startsWith("CREATE INDEX IF NOT EXISTS dialect_check_")
                                .contains(" ON billing.dialect_check "));
            }
        }
    }

    @Test
    void dialectsHaveDistinctNamesAndProducts() {
        List<Dialect> dialects = Dialect.supported();
        Set<String> names = dialects.stream().map(Dialect::name).collect(Collectors.toSet());
        Set<String> products = dialects.stream().map(Dialect::product).collect(Collectors.toSet());

        assertThat(names).hasSameSizeAs(dialects).containsExactlyInAnyOrder("postgresql", "h2");
        assertThat(products).hasSameSizeAs(dialects);
        assertThat(Dialect.supportedProducts()).isEqualTo("PostgreSQL and H2");
    }

    @Test
    void detectionReadsTheProductFromTheConnection() throws SQLException {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:dialect-detection");
        try (Connection connection = h2.getConnection()) {
            assertThat(Dialect.detect(connection.getMetaData())).map(Dialect::name).contains("h2");
        }
        SQLiteDataSource sqlite = new SQLiteDataSource();
        sqlite.setUrl("jdbc:sqlite::memory:");
        try (Connection connection = sqlite.getConnection()) {
            assertThat(Dialect.detect(connection.getMetaData())).as("no dialect for SQLite").isEmpty();
        }
    }
}
