package dev.payhooks.jdbc;

import dev.payhooks.spi.Inbox;
import dev.payhooks.testkit.contract.InboxContract;

import javax.sql.DataSource;
import java.time.Duration;

/** The testkit's inbox contract on an in-memory H2 database, through H2's own (unpooled) DataSource. */
class H2InboxContractTest extends InboxContract {

    private static final DataSource H2 = TestDatabases.h2("inbox-contract");
    private static int tables;
    private String table;

    @Override
    protected Inbox newInbox() {
        table = "contract_inbox_" + (++tables);
        return JdbcInbox.builder(H2).tableName(table).createSchemaIfMissing(true).build();
    }

    @Override
    protected void advance(Duration duration) {
        InboxTables.advance(H2, table, duration);
    }
}
