package dev.payhooks.cli;

import dev.payhooks.spi.InboxMessage;
import dev.payhooks.cli.internal.Stores;
import dev.payhooks.jdbc.JdbcInbox;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code payhooks inbox list|replay|purge}: operations on the jdbc module's durable inbox. Lists
 * dead rows (never their bodies), replays one or all of them (without verifying them again: they
 * were verified on arrival) and purges done rows older than a retention.
 */
@Command(name = "inbox",
        description = "Inspect and repair a durable webhook inbox: list dead rows, replay them, purge done rows.",
        subcommands = {InboxCommand.ListDead.class, InboxCommand.Replay.class, InboxCommand.Purge.class},
        exitCodeList = {"0:ok", "1:nothing matched (replay --id of a row that is not dead)",
                "2:usage or configuration error (an unreachable database, a missing table)"})
final class InboxCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    InboxCommand() {
    }

    @Override
    public Integer call() {
        return PayhooksCommand.nameOne(spec, "Name an inbox command: list, replay or purge.");
    }

    /** The options every inbox command takes. */
    static final class Database {
        @Option(names = "--jdbc-url", required = true, paramLabel = "URL",
                description = {"The inbox's database, with credentials in the URL, e.g.",
                        "jdbc:postgresql://localhost/app?user=app&password=secret or jdbc:h2:./payhooks."})
        String jdbcUrl;

        @Option(names = "--table", paramLabel = "TABLE", defaultValue = JdbcInbox.DEFAULT_TABLE_NAME,
                description = "The inbox table (default: ${DEFAULT-VALUE}).")
        String table;

        JdbcInbox open() {
            return Stores.inbox(jdbcUrl, table);
        }
    }

    /** {@code payhooks inbox list}. */
    @Command(name = "list",
            description = "Print how many rows are in each state, then the dead rows, oldest first (never their bodies).",
            exitCodeList = {"0:listed", "2:usage or configuration error (an unreachable database, a missing table)"})
    static final class ListDead implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @CommandLine.Mixin
        private Database database = new Database();

        @CommandLine.Mixin
        private Options.DeadLimit limit = new Options.DeadLimit();

        ListDead() {
        }

        @Override
        public Integer call() {
            limit.checked();
            JdbcInbox inbox = database.open();
            PrintWriter out = spec.commandLine().getOut();
            Map<InboxMessage.Status, Long> counts = inbox.counts();
            out.printf(Locale.ROOT, "pending %d, running %d, done %d, dead %d%n", counts.get(InboxMessage.Status.PENDING),
                    counts.get(InboxMessage.Status.RUNNING), counts.get(InboxMessage.Status.DONE),
                    counts.get(InboxMessage.Status.DEAD));
            List<InboxMessage> dead = limit.print(inbox::listDead, out);
            if (dead.size() == limit.limit && counts.get(InboxMessage.Status.DEAD) > limit.limit) {
                out.println("(first " + limit.limit + " dead rows; --limit shows more)");
            }
            return PayhooksCommand.OK;
        }
    }

    /** {@code payhooks inbox replay}. */
    @Command(name = "replay",
            description = {"Make dead rows pending again, due now, with their attempts reset.",
                    "They are not verified again: they were verified when they arrived."},
            exitCodeList = {"0:replayed (with --all, possibly none)", "1:--id names no dead row",
                    "2:usage or configuration error (an unreachable database, a missing table)"})
    static final class Replay implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @CommandLine.Mixin
        private Database database = new Database();

        @ArgGroup(exclusive = true, multiplicity = "1")
        private Which which;

        static final class Which {
            @Option(names = "--id", paramLabel = "ID", description = "The dead row to replay (an id from inbox list).")
            String id;

            @Option(names = "--all", description = "Replay every dead row.")
            boolean all;
        }

        Replay() {
        }

        @Override
        public Integer call() {
            JdbcInbox inbox = database.open();
            PrintWriter out = spec.commandLine().getOut();
            if (which.all) {
                int replayed = inbox.replayAllDeadWithoutReverifying();
                out.println("replayed " + replayed + " dead row" + (replayed == 1 ? "" : "s") + " without verifying again");
                return PayhooksCommand.OK;
            }
            if (!inbox.replayDeadWithoutReverifying(which.id)) {
                spec.commandLine().getErr().println("error: no dead row with id " + which.id + " (see inbox list)");
                return PayhooksCommand.INVALID;
            }
            out.println("replayed row " + which.id + " without verifying again");
            return PayhooksCommand.OK;
        }
    }

    /** {@code payhooks inbox purge}. */
    @Command(name = "purge",
            description = {"Delete done rows completed longer ago than the retention.",
                    "Keep it longer than the provider retries, or a late redelivery is processed again."},
            exitCodeList = {"0:purged (possibly none)", "2:usage or configuration error (an unreachable database, a missing table)"})
    static final class Purge implements Callable<Integer> {
        private static final Pattern SHORT = Pattern.compile("(\\d+)([dhms])");

        @Spec
        private CommandSpec spec;

        @CommandLine.Mixin
        private Database database = new Database();

        @Option(names = "--retention", defaultValue = "7d", paramLabel = "DURATION",
                description = "How long done rows are kept: 7d, 12h, 30m, 90s or ISO-8601 (P7D) (default: ${DEFAULT-VALUE}).")
        private String retention;

        Purge() {
        }

        @Override
        public Integer call() {
            Duration kept = parse(retention);
            JdbcInbox inbox = database.open();
            int purged = inbox.purgeDone(kept);
            spec.commandLine().getOut().println("purged " + purged + " done row" + (purged == 1 ? "" : "s") + " older than " + kept);
            return PayhooksCommand.OK;
        }

        static Duration parse(String text) {
            Matcher shortForm = SHORT.matcher(text);
            try {
                if (shortForm.matches()) {
                    long amount = Long.parseLong(shortForm.group(1));
                    return switch (shortForm.group(2)) {
                        case "d" -> Duration.ofDays(amount);
                        case "h" -> Duration.ofHours(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        default -> Duration.ofSeconds(amount);
                    };
                }
                return Duration.parse(text);
            } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException("--retention must be a duration such as 7d, 12h, 30m, 90s or P7D, was '"
                        + text + "'", e);
            }
        }
    }
}
