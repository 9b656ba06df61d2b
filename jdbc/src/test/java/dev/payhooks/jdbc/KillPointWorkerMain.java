package dev.payhooks.jdbc;

import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;
import dev.payhooks.EventHandler;
import dev.payhooks.WebhookListener;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * One application instance of {@link TransactionalKillTest}. Its handler inserts a row for each
 * event, either in the dispatch's transaction ({@code transactional}) or on its own autocommit
 * connection ({@code ordinary}, the control). At three points it says where it is on stdout and
 * waits for {@code GO} on stdin, so the parent can kill it exactly there:
 * {@code INSERTED <id>} right after the insert, {@code HANDLERS-DONE <id>} after the last handler
 * (before the commit, or the completion), and {@code ANSWERED <status>} after the commit, before
 * the provider would have its answer. After each delivery it prints {@code DONE <id> <status>}.
 * Other stdout lines (logging) are ignored by the parent.
 *
 * <p>Arguments: jdbcUrl storeTable effectsTable mode(transactional|ordinary) leaseSeconds
 */
public final class KillPointWorkerMain {

    private static final BufferedReader STDIN = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    private KillPointWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String storeTable = args[1];
        String effects = args[2];
        boolean transactional = args[3].equals("transactional");
        Duration lease = Duration.ofSeconds(Long.parseLong(args[4]));

        // Started hundreds of times per run: no logging framework and no pool, so that a new
        // instance is ready in a fraction of a second (slf4j reads this on its first use).
        System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        DataSource pool = plainDataSource(url);
        {
            JdbcIdempotencyStore store = JdbcIdempotencyStore.builder(pool).tableName(storeTable).build();
            store.initialize();
            EventHandler insert = transactional
                    ? JdbcTransactions.handler((event, connection) -> {
                        TransactionalHandlerTest.insertEffect(connection, effects, event.id());
                        pause("INSERTED " + event.id());
                    })
                    : event -> {
                        try (Connection connection = pool.getConnection()) {
                            TransactionalHandlerTest.insertEffect(connection, effects, event.id());
                        }
                        pause("INSERTED " + event.id());
                    };
            EventHandler last = transactional
                    ? JdbcTransactions.handler((event, connection) -> pause("HANDLERS-DONE " + event.id()))
                    : event -> pause("HANDLERS-DONE " + event.id());
            WebhookReceiver receiver = WebhookReceiver.builder().source(TestSource.source()).idempotencyStore(store)
                    .lease(lease).on("test.event", insert).on("test.event", last)
                    .listener(new WebhookListener() {
                        @Override
                        public void onCompleted(WebhookResponse response, Duration elapsed) {
                            pause("ANSWERED " + response.status());
                        }
                    }).build();

            say("READY");
            String line;
            while ((line = STDIN.readLine()) != null) {
                if (line.startsWith("DELIVER ")) {
                    String eventId = line.substring("DELIVER ".length());
                    WebhookResponse response = receiver.receive(TestSource.delivery(eventId));
                    say("DONE " + eventId + " " + response.status() + " " + response.outcome());
                } else if (line.equals("EXIT")) {
                    return;
                }
            }
        }
    }

    private static DataSource plainDataSource(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource postgres = new PGSimpleDataSource();
            postgres.setURL(url);
            return postgres;
        }
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url);
        return h2;
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** Says where it is and waits for the parent's GO (or for its SIGKILL). */
    private static void pause(String where) {
        say(where);
        try {
            String answer = STDIN.readLine();
            if (!"GO".equals(answer)) {
                throw new IllegalStateException("expected GO after " + where + ", got " + answer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
