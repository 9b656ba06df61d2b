package dev.payhooks.cli;

import dev.payhooks.spi.InboxMessage;
import dev.payhooks.cli.internal.Stores;
import dev.payhooks.jdbc.JdbcInbox;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code payhooks inbox list|replay|purge} on an in-memory H2 inbox filled through the jdbc module's API. */
class InboxCommandTest {

    private static final String BODY_MARKER = "card_last4_4242";

    private final String url = "jdbc:h2:mem:inbox-cli-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private final JdbcInbox inbox = JdbcInbox.builder(Stores.dataSource(url)).createSchemaIfMissing(true).build();

    private void storeDead(String eventId) {
        assertThat(inbox.store(InboxMessage.builder().id("new").provider("stripe").tenant("").idempotencyKey(eventId)
                .eventId(eventId).eventType("refund.failed").receivedAt(Instant.EPOCH)
                .body(("{\"id\":\"" + eventId + "\",\"" + BODY_MARKER + "\":true}").getBytes(StandardCharsets.UTF_8))
                .headers(Map.of()).build())).isTrue();
        for (InboxMessage message : inbox.claimDue(10, Duration.ofMinutes(1))) {
            inbox.markDead(message, "java.lang.IllegalStateException: downstream refused");
        }
    }

    private void storeDone(String eventId) {
        inbox.store(InboxMessage.builder().id("new").provider("stripe").idempotencyKey(eventId).eventId(eventId)
                .eventType("charge.succeeded").receivedAt(Instant.EPOCH).body(new byte[] {'{', '}'}).headers(Map.of()).build());
        for (InboxMessage message : inbox.claimDue(10, Duration.ofMinutes(1))) {
            inbox.markDone(message);
        }
    }

    @Test
    void listPrintsCountsAndDeadRowsWithoutTheirBodies() {
        storeDead("evt_dead_1");
        storeDone("evt_done_1");

        Run run = Run.of("inbox", "list", "--jdbc-url", url);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("pending 0, running 0, done 1, dead 1")
                .contains("provider=stripe event=evt_dead_1 type=refund.failed attempts=1")
                .contains("error=java.lang.IllegalStateException: downstream refused")
                .doesNotContain(BODY_MARKER).doesNotContain("evt_done_1");
    }

    @Test
    void replayOneMakesItPendingAgainAndAnUnknownIdExitsOne() {
        storeDead("evt_dead_1");
        String id = inbox.listDead(1).get(0).id();

        Run unknown = Run.of("inbox", "replay", "--jdbc-url", url, "--id", "999999");
        Run replayed = Run.of("inbox", "replay", "--jdbc-url", url, "--id", id);
        Run again = Run.of("inbox", "replay", "--jdbc-url", url, "--id", id);

        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no dead row with id 999999");
        assertThat(replayed.exitCode()).as(replayed.err()).isZero();
        assertThat(replayed.out()).contains("replayed row " + id + " without verifying again");
        assertThat(again.exitCode()).as("no longer dead").isEqualTo(1);
        assertThat(inbox.listDead(10)).isEmpty();
        assertThat(inbox.claimDue(10, Duration.ofMinutes(1))).extracting(InboxMessage::eventId).containsExactly("evt_dead_1");
    }

    @Test
    void replayAllReplaysEveryDeadRow() {
        storeDead("evt_dead_1");
        storeDead("evt_dead_2");

        Run run = Run.of("inbox", "replay", "--jdbc-url", url, "--all");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("replayed 2 dead rows without verifying again");
        assertThat(inbox.counts()).containsEntry(InboxMessage.Status.PENDING, 2L).containsEntry(InboxMessage.Status.DEAD, 0L);
    }

    @Test
    void replayNeedsExactlyOneOfIdAndAll() {
        inbox.initialize();

        assertThat(Run.of("inbox", "replay", "--jdbc-url", url).exitCode()).isEqualTo(2);
        assertThat(Run.of("inbox", "replay", "--jdbc-url", url, "--id", "1", "--all").exitCode()).isEqualTo(2);
    }

    @Test
    void purgeDeletesOnlyDoneRowsOlderThanTheRetention() throws SQLException {
        storeDone("evt_old");
        storeDead("evt_dead_1");
        try (Connection connection = Stores.dataSource(url).getConnection(); Statement statement = connection.createStatement()) {
            // Ten days pass for the done row, on the database clock the inbox measures with.
            statement.executeUpdate("UPDATE payhooks_inbox SET completed_at = DATEADD(DAY, -10, completed_at)");
        }
        storeDone("evt_recent");

        Run run = Run.of("inbox", "purge", "--jdbc-url", url, "--retention", "7d");
        Run iso = Run.of("inbox", "purge", "--jdbc-url", url, "--retention", "PT1H");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("purged 1 done row older than PT168H");
        assertThat(iso.out()).contains("purged 0 done rows");
        assertThat(inbox.counts()).containsEntry(InboxMessage.Status.DONE, 1L).containsEntry(InboxMessage.Status.DEAD, 1L);
    }

    @Test
    void badRetentionMissingTableAndForeignUrlAreUsageErrors() {
        inbox.initialize();

        Run badRetention = Run.of("inbox", "purge", "--jdbc-url", url, "--retention", "a week");
        Run missingTable = Run.of("inbox", "list", "--jdbc-url", url, "--table", "no_such_inbox");
        Run foreign = Run.of("inbox", "list", "--jdbc-url", "jdbc:mysql://localhost/app");

        assertThat(badRetention.exitCode()).isEqualTo(2);
        assertThat(badRetention.err()).contains("--retention must be a duration");
        assertThat(missingTable.exitCode()).isEqualTo(2);
        assertThat(missingTable.err()).contains("no_such_inbox").contains("V1__payhooks_inbox.sql");
        assertThat(foreign.exitCode()).isEqualTo(2);
        assertThat(foreign.err()).contains("PostgreSQL or H2 URL");
    }

    @Test
    void everyInboxCommandHasHelpWithItsExitCodes() {
        for (List<String> command : List.of(List.of("inbox"), List.of("inbox", "list"), List.of("inbox", "replay"),
                List.of("inbox", "purge"))) {
            String[] args = new String[command.size() + 1];
            command.toArray(args);
            args[command.size()] = "--help";
            Run run = Run.of(args);

            assertThat(run.exitCode()).as(command.toString()).isZero();
            assertThat(run.out()).as(command.toString()).contains("Usage: payhooks " + String.join(" ", command))
                    .contains("Exit codes:");
        }
        assertThat(Run.of("inbox").exitCode()).isEqualTo(2);
        assertThat(Run.of("--help").out()).contains("inbox");
    }
}
