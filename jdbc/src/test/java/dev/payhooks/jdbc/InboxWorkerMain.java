package dev.payhooks.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.spi.Inbox;
import dev.payhooks.inbox.InboxListener;
import dev.payhooks.spi.InboxMessage;
import dev.payhooks.inbox.InboxProcessor;
import dev.payhooks.WebhookReceiver;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A worker instance of an application: drains the shared inbox with core's {@link InboxProcessor}.
 * Its handler records each run (event id, this process's id) in a runs table before returning; an
 * {@link InboxListener} marks the run succeeded once the row is done. Every claim's token is
 * recorded too, so the test can tell which rows a killed worker still held.
 *
 * <p>Arguments: jdbcUrl inboxTable runsTable claimsTable threads leaseSeconds. Prints READY once
 * polling, stops gracefully and prints STOPPED when it reads STOP on stdin. Polls every 2 ms: core's
 * processor claims at most one batch (one row per free thread) per poll interval.
 */
public final class InboxWorkerMain {

    private InboxWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String runs = args[2];
        String claims = args[3];
        int threads = Integer.parseInt(args[4]);
        long pid = ProcessHandle.current().pid();
        try (HikariDataSource pool = TestDatabases.pool("inbox-worker-" + pid, url, threads + 3)) {
            JdbcInbox jdbc = JdbcInbox.builder(pool).tableName(args[1]).build();
            Inbox inbox = new RecordingClaims(jdbc, pool, claims, pid);
            WebhookReceiver receiver = WebhookReceiver.builder().source(TestSource.source()).inbox(inbox)
                    // A handler that does a few milliseconds of work (pg_sleep stands for a call to another
                    // system), so that attempts are under way when the test kills a worker.
                    .on("test.event", event -> {
                        execute(pool, "INSERT INTO " + runs + " (event_id, pid, succeeded) VALUES (?, ?, FALSE)", event.id(), pid);
                        execute(pool, "SELECT pg_sleep(0.005) WHERE ? IS NOT NULL AND ? > 0", event.id(), pid);
                    }).build();
            InboxProcessor workers = InboxProcessor.builder(receiver, inbox).threads(threads)
                    .lease(Duration.ofSeconds(Long.parseLong(args[5]))).pollInterval(Duration.ofMillis(2))
                    .listener(new InboxListener() {
                        @Override
                        public void onSucceeded(InboxMessage message, Duration elapsed) {
                            try {
                                execute(pool, "UPDATE " + runs + " SET succeeded = TRUE WHERE event_id = ? AND pid = ?",
                                        message.eventId(), pid);
                            } catch (SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }).build();
            workers.start();
            System.out.println("READY");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("STOP")) {
                // wait for the test
            }
            workers.close();
            System.out.println("STOPPED");
            System.out.flush();
        }
    }

    private static void execute(HikariDataSource pool, String sql, String eventId, long pid) throws SQLException {
        try (Connection connection = pool.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, eventId);
            statement.setLong(2, pid);
            statement.execute();
        }
    }

    /** Delegates to the JDBC inbox and records the token of every non-empty claim. */
    private static final class RecordingClaims implements Inbox {
        private final JdbcInbox delegate;
        private final HikariDataSource pool;
        private final String claims;
        private final long pid;

        RecordingClaims(JdbcInbox delegate, HikariDataSource pool, String claims, long pid) {
            this.delegate = delegate;
            this.pool = pool;
            this.claims = claims;
            this.pid = pid;
        }

        @Override
        public List<InboxMessage> claimDue(int max, Duration lease) {
            List<InboxMessage> claimed = delegate.claimDue(max, lease);
            Set<String> tokens = new LinkedHashSet<>();
            claimed.forEach(message -> tokens.add(message.claimToken().orElseThrow().value()));
            for (String token : tokens) {
                try {
                    execute(pool, "INSERT INTO " + claims + " (token, pid) VALUES (?, ?)", token, pid);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
            return claimed;
        }

        @Override
        public boolean store(InboxMessage message) {
            return delegate.store(message);
        }

        @Override
        public boolean markDone(InboxMessage message) {
            return delegate.markDone(message);
        }

        @Override
        public boolean markRetry(InboxMessage message, Duration delay, String error) {
            return delegate.markRetry(message, delay, error);
        }

        @Override
        public boolean markDead(InboxMessage message, String error) {
            return delegate.markDead(message, error);
        }

        @Override
        public boolean release(InboxMessage message) {
            return delegate.release(message);
        }

        @Override
        public List<InboxMessage> listDead(int limit) {
            return delegate.listDead(limit);
        }

        @Override
        public boolean replayDeadWithoutReverifying(String id) {
            return delegate.replayDeadWithoutReverifying(id);
        }

        @Override
        public int replayAllDeadWithoutReverifying() {
            return delegate.replayAllDeadWithoutReverifying();
        }

        @Override
        public int purgeDone(Duration retention) {
            return delegate.purgeDone(retention);
        }
    }
}
