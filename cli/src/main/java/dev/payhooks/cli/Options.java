package dev.payhooks.cli;

import dev.payhooks.cli.internal.DeliveryLine;
import dev.payhooks.spi.InboxMessage;
import dev.payhooks.spi.WebhookProvider;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/** The options several commands share, as picocli mixins: each is declared, described and checked once. */
final class Options {

    private Options() {
    }

    /**
     * A whole-number option's value when it is at least 1; otherwise the usage error every
     * command gives for it ({@code --limit must be at least 1, was 0}).
     */
    static long atLeastOne(long value, String option, String unit) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1" + unit + ", was " + value);
        }
        return value;
    }

    /** {@code --provider} and {@code --secret}: listen, send, sign, verify. */
    static final class ProviderAndSecrets {
        @Option(names = "--provider", required = true, converter = ProviderConverter.class, paramLabel = "PROVIDER",
                completionCandidates = ProviderConverter.Names.class,
                description = "One of: ${COMPLETION-CANDIDATES} (any provider on the class path).")
        WebhookProvider provider;

        @Option(names = "--secret", required = true, paramLabel = "SECRET",
                description = "The signing secret exactly as the provider shows it; repeat during a rotation.")
        List<String> secrets;
    }

    /** {@code --body-file}, required: sign, verify. */
    static final class Body {
        @Option(names = "--body-file", required = true, paramLabel = "FILE",
                description = "The body, byte for byte; - for standard input.")
        String file;

        byte[] read() {
            return BodyFiles.read(file, System.in);
        }
    }

    /** {@code --event}, {@code --id} and {@code --timestamp}: send, sign. */
    static final class Delivery {
        @Option(names = "--event", paramLabel = "TYPE",
                description = "The event type: of the sample event send builds (default: a common one of the provider),"
                        + " and a header for providers that carry it there (GitHub, Shopify).")
        String eventType;

        @Option(names = "--id", paramLabel = "ID",
                description = "The event or message id (default: a new one), sent in a header by schemes that sign one;"
                        + " send twice with one id to see deduplication.")
        String id;

        @Option(names = "--timestamp", paramLabel = "UNIX_SECONDS",
                description = "The signing time (default: now); an old one shows the replay check.")
        Long timestamp;

        Instant signedAt() {
            return timestamp == null ? Instant.now() : Instant.ofEpochSecond(timestamp);
        }

        String idOrNew(WebhookProvider provider) {
            return id != null ? id : provider.newEventId();
        }
    }

    /** {@code --tolerance}: listen, verify. */
    static final class ToleranceWindow {
        @Option(names = "--tolerance", paramLabel = "SECONDS",
                description = "The timestamp window in seconds, both directions (default: the provider's, e.g. 300).")
        Long seconds;

        Optional<Duration> window() {
            return Optional.ofNullable(seconds).map(s -> Duration.ofSeconds(atLeastOne(s, "--tolerance", " second")));
        }
    }

    /** {@code --limit}: inbox list, kafka dead list. */
    static final class DeadLimit {
        @Option(names = "--limit", defaultValue = "100", paramLabel = "N",
                description = "The most dead deliveries to print (default: ${DEFAULT-VALUE}).")
        int limit;

        /** The limit; checked before anything is opened. */
        int checked() {
            return (int) atLeastOne(limit, "--limit", "");
        }

        /** Prints at most the limit of dead deliveries that {@code list} gives, one line each (never a body). */
        List<InboxMessage> print(IntFunction<List<InboxMessage>> list, PrintWriter out) {
            List<InboxMessage> dead = list.apply(checked());
            for (InboxMessage message : dead) {
                out.println(DeliveryLine.dead(message));
            }
            return dead;
        }
    }
}
