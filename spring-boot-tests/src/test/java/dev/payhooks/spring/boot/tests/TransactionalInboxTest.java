package dev.payhooks.spring.boot.tests;

import dev.payhooks.Event;
import dev.payhooks.WebhookResponse;
import dev.payhooks.spring.boot.PayhooksEndpoints;
import dev.payhooks.spring.boot.WebhookHandler;
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

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @WebhookHandler(transactional = true)} in inbox mode on PostgreSQL: the worker's attempt
 * is the application's transaction, so a failed attempt leaves no row and the retry writes it once.
 */
@SpringBootTest(classes = TransactionalInboxTest.InboxLedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                "payhooks.endpoints.ledger.provider=stripe",
                "payhooks.endpoints.ledger.path=/webhooks/ledger",
                "payhooks.endpoints.ledger.secrets[0]=" + TransactionalInboxTest.SECRET,
                "payhooks.endpoints.ledger.inbox-table=tx_inbox_ledger",
                "payhooks.inbox.enabled=true",
                "payhooks.inbox.threads=1",
                "payhooks.inbox.initial-backoff=100ms",
                "payhooks.inbox.max-backoff=200ms",
                "payhooks.jdbc.create-schema=true",
                "spring.main.banner-mode=off"})
class TransactionalInboxTest {

    static final String SECRET = "whsec_transactional_inbox";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", Postgres::jdbcUrl);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }

    @Autowired
    private PayhooksEndpoints endpoints;

    @Autowired
    private InboxLedger ledger;

    @Autowired
    private DataSource dataSource;

    @Test
    void aFailedAttemptLeavesNoRowAndTheRetryWritesItOnce() throws Exception {
        WebhookResponse stored = endpoints.receiver("ledger").orElseThrow().receive(
                Deliveries.signed(SECRET, Deliveries.refund("evt_tx_inbox", "refund.failed", "re_tx_inbox")));
        assertThat(stored.status()).isEqualTo(200);

        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (ledger.committedAttempts() < 1 && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        // A little more time for a wrongly repeated attempt to show up.
        Thread.sleep(500);

        assertThat(ledger.attempts).containsExactly("evt_tx_inbox", "evt_tx_inbox");
        assertThat(TransactionalHandlerTest.count(dataSource,
                "SELECT COUNT(*) FROM tx_inbox_ledger_rows WHERE event_id = 'evt_tx_inbox'")).isEqualTo(1);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(InboxLedger.class)
    static class InboxLedgerApplication {
    }

    /** Writes one row per event with JdbcTemplate; the first attempt fails after its insert. */
    @Component
    static class InboxLedger {
        final List<String> attempts = new CopyOnWriteArrayList<>();
        private final JdbcTemplate jdbc;

        InboxLedger(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
            jdbc.execute("CREATE TABLE IF NOT EXISTS tx_inbox_ledger_rows (event_id VARCHAR(100) NOT NULL)");
        }

        long committedAttempts() throws SQLException {
            Long rows = jdbc.queryForObject("SELECT COUNT(*) FROM tx_inbox_ledger_rows", Long.class);
            return rows == null ? 0 : rows;
        }

        @WebhookHandler(endpoint = "ledger", types = "refund.failed", transactional = true)
        void refundFailed(Event event) {
            attempts.add(event.id());
            jdbc.update("INSERT INTO tx_inbox_ledger_rows (event_id) VALUES (?)", event.id());
            if (attempts.size() == 1) {
                throw new IllegalStateException("the first attempt fails after its insert (test)");
            }
        }
    }
}
