package dev.payhooks.spring.boot.tests;

import dev.payhooks.Event;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;
import dev.payhooks.spring.boot.PayhooksEndpoints;
import dev.payhooks.spring.boot.WebhookHandler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @WebhookHandler(transactional = true)} on PostgreSQL with the application's own
 * {@code DataSourceTransactionManager}: the handler's {@code JdbcTemplate} writes and the store's
 * done record share one transaction.
 */
@SpringBootTest(classes = TransactionalHandlerTest.LedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                "payhooks.endpoints.ledger.provider=stripe",
                "payhooks.endpoints.ledger.path=/webhooks/ledger",
                "payhooks.endpoints.ledger.secrets[0]=" + TransactionalHandlerTest.SECRET,
                "payhooks.jdbc.create-schema=true",
                "payhooks.jdbc.table=tx_idempotency",
                "spring.main.banner-mode=off"})
class TransactionalHandlerTest {

    static final String SECRET = "whsec_transactional_handlers";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", Postgres::jdbcUrl);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }

    @Autowired
    private PayhooksEndpoints endpoints;

    @Autowired
    private Ledger ledger;

    @Autowired
    private DataSource dataSource;

    @BeforeEach
    void table() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS tx_ledger (event_id VARCHAR(100) NOT NULL)");
        }
    }

    private WebhookResponse deliver(String eventId, String type) {
        WebhookReceiver receiver = endpoints.receiver("ledger").orElseThrow();
        return receiver.receive(Deliveries.signed(SECRET, Deliveries.refund(eventId, type, "re_" + eventId)));
    }

    @Test
    void aHandlerThatThrowsLeavesNeitherItsRowNorADoneRecordAndTheRetryWritesTheRowOnce() throws SQLException {
        long recordsBefore = count("SELECT COUNT(*) FROM tx_idempotency");
        ledger.failNextCall();

        WebhookResponse failed = deliver("evt_tx_fail", "refund.failed");

        assertThat(failed.status()).isEqualTo(500);
        assertThat(ledgerRows("evt_tx_fail")).isZero();
        assertThat(count("SELECT COUNT(*) FROM tx_idempotency")).isEqualTo(recordsBefore);

        WebhookResponse retry = deliver("evt_tx_fail", "refund.failed");

        assertThat(retry.status()).isEqualTo(200);
        assertThat(ledgerRows("evt_tx_fail")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM tx_idempotency")).isEqualTo(recordsBefore + 1);
        assertThat(ledger.calls("evt_tx_fail")).isEqualTo(2);
    }

    @Test
    void aDuplicateDeliveryRunsNothing() throws SQLException {
        assertThat(deliver("evt_tx_dup", "refund.failed").status()).isEqualTo(200);
        WebhookResponse duplicate = deliver("evt_tx_dup", "refund.failed");

        assertThat(duplicate.status()).isEqualTo(200);
        assertThat(ledger.calls("evt_tx_dup")).isEqualTo(1);
        assertThat(ledgerRows("evt_tx_dup")).isEqualTo(1);
    }

    @Test
    void theHandlersJdbcTemplateWritesInTheStoresTransaction() throws SQLException {
        long recordsBefore = count("SELECT COUNT(*) FROM tx_idempotency");

        assertThat(deliver("evt_tx_shared", "refund.failed").status()).isEqualTo(200);

        // Seen from inside the handler: its JdbcTemplate sees its own row and the done record the
        // store wrote first in the same transaction; another connection sees neither before the commit.
        Observation seen = ledger.observations().stream().filter(o -> o.eventId().equals("evt_tx_shared")).findFirst()
                .orElseThrow();
        assertThat(seen.ownRows()).isEqualTo(1);
        assertThat(seen.otherRows()).isZero();
        assertThat(seen.ownRecords()).isEqualTo(recordsBefore + 1);
        assertThat(seen.otherRecords()).isEqualTo(recordsBefore);
        assertThat(ledgerRows("evt_tx_shared")).isEqualTo(1);
    }

    @Test
    void aTransactionalAnnotatedHandlerJoinsTheStoresTransactionToo() throws SQLException {
        long recordsBefore = count("SELECT COUNT(*) FROM tx_idempotency");
        ledger.failNextCall();

        assertThat(deliver("evt_tx_annotated", "refund.updated").status()).isEqualTo(500);
        assertThat(ledgerRows("evt_tx_annotated")).isZero();
        assertThat(count("SELECT COUNT(*) FROM tx_idempotency")).isEqualTo(recordsBefore);

        assertThat(deliver("evt_tx_annotated", "refund.updated").status()).isEqualTo(200);
        assertThat(deliver("evt_tx_annotated", "refund.updated").status()).isEqualTo(200);

        assertThat(ledgerRows("evt_tx_annotated")).isEqualTo(1);
        assertThat(ledger.calls("evt_tx_annotated")).isEqualTo(2);
        Observation seen = ledger.observations().stream().filter(o -> o.eventId().equals("evt_tx_annotated")).findFirst()
                .orElseThrow();
        assertThat(seen.ownRecords()).isEqualTo(seen.otherRecords() + 1);
    }

    private long ledgerRows(String eventId) throws SQLException {
        return count("SELECT COUNT(*) FROM tx_ledger WHERE event_id = '" + eventId + "'");
    }

    private long count(String sql) throws SQLException {
        return count(dataSource, sql);
    }

    static long count(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** What the handler saw of its row and of the done records, through its transaction and through another connection. */
    record Observation(String eventId, long ownRows, long otherRows, long ownRecords, long otherRecords) {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Ledger.class)
    static class LedgerApplication {
    }

    /** Writes one ledger row per event with JdbcTemplate. */
    @Component
    static class Ledger {

        private final AtomicBoolean failNext = new AtomicBoolean();
        private final List<String> calls = new CopyOnWriteArrayList<>();
        private final List<Observation> observations = new CopyOnWriteArrayList<>();
        private final JdbcTemplate jdbc;
        private final DataSource dataSource;

        Ledger(JdbcTemplate jdbc, DataSource dataSource) {
            this.jdbc = jdbc;
            this.dataSource = dataSource;
        }

        // Public accessors: the bean is a proxy (for @Transactional), whose own fields are empty.
        public long calls(String eventId) {
            return calls.stream().filter(eventId::equals).count();
        }

        public void failNextCall() {
            failNext.set(true);
        }

        public List<Observation> observations() {
            return observations;
        }

        @WebhookHandler(endpoint = "ledger", types = "refund.failed", transactional = true)
        void refundFailed(Event event) throws SQLException {
            write(event);
        }

        /** The same, with Spring's own annotation, which joins the store's transaction (default propagation). */
        @Transactional
        @WebhookHandler(endpoint = "ledger", types = "refund.updated", transactional = true)
        public void refundUpdated(Event event) throws SQLException {
            write(event);
        }

        private void write(Event event) throws SQLException {
            calls.add(event.id());
            jdbc.update("INSERT INTO tx_ledger (event_id) VALUES (?)", event.id());
            Long ownRows = jdbc.queryForObject("SELECT COUNT(*) FROM tx_ledger WHERE event_id = ?", Long.class, event.id());
            Long ownRecords = jdbc.queryForObject("SELECT COUNT(*) FROM tx_idempotency", Long.class);
            // Straight from the pool: a connection outside the transaction.
            long otherRows = count(dataSource, "SELECT COUNT(*) FROM tx_ledger WHERE event_id = '" + event.id() + "'");
            long otherRecords = count(dataSource, "SELECT COUNT(*) FROM tx_idempotency");
            observations.add(new Observation(event.id(), ownRows, otherRows, ownRecords, otherRecords));
            if (failNext.getAndSet(false)) {
                throw new IllegalStateException("the ledger refused the refund (test)");
            }
        }
    }
}
