package dev.payhooks.cli;

import dev.payhooks.kafka.KafkaDeadLetters;
import dev.payhooks.spi.InboxMessage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code payhooks kafka dead list|replay}: the dead-letter topic of payhooks-kafka's workers. Lists
 * dead letters not yet replayed (never their bodies) and replays them onto the deliveries topic
 * (without verifying them again: they were verified on arrival).
 */
@Command(name = "kafka",
        description = "Operate payhooks-kafka: list and replay dead letters.",
        subcommands = {KafkaCommand.Dead.class},
        exitCodeList = {"0:ok", "2:usage or configuration error (an unreachable broker)"})
final class KafkaCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    KafkaCommand() {
    }

    @Override
    public Integer call() {
        return PayhooksCommand.nameOne(spec, "Name a kafka command: dead list or dead replay.");
    }

    /** {@code payhooks kafka dead}. */
    @Command(name = "dead",
            description = "List or replay the records the workers gave up on.",
            subcommands = {ListDead.class, Replay.class})
    static final class Dead implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        Dead() {
        }

        @Override
        public Integer call() {
            return PayhooksCommand.nameOne(spec, "Name a command: list or replay.");
        }
    }

    /** The options every dead-letter command takes. */
    static final class Topics {
        @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,HOST:PORT]",
                description = "The Kafka brokers to connect to.")
        String bootstrapServers;

        @Option(names = "--topic", defaultValue = "payhooks.deliveries", paramLabel = "TOPIC",
                description = "The deliveries topic replays go to (default: ${DEFAULT-VALUE}).")
        String topic;

        @Option(names = "--dead-letter-topic", paramLabel = "TOPIC",
                description = "The dead-letter topic (default: the deliveries topic plus .dead).")
        String deadLetterTopic;

        @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS",
                description = "How long to wait for Kafka (default: ${DEFAULT-VALUE} s).")
        long timeoutSeconds;

        KafkaDeadLetters open() {
            Duration timeout = Duration.ofSeconds(Options.atLeastOne(timeoutSeconds, "--timeout", " second"));
            KafkaDeadLetters.Builder builder = KafkaDeadLetters.builder(Map.of("bootstrap.servers", bootstrapServers,
                    "client.id", "payhooks-cli")).topic(topic).timeout(timeout);
            if (deadLetterTopic != null) {
                builder.deadLetterTopic(deadLetterTopic);
            }
            return builder.build();
        }
    }

    /** {@code payhooks kafka dead list}. */
    @Command(name = "list",
            description = "Print the dead letters not yet replayed, oldest first within each partition (never their bodies).",
            exitCodeList = {"0:listed", "2:usage or configuration error (an unreachable broker)"})
    static final class ListDead implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @CommandLine.Mixin
        private Topics topics = new Topics();

        @CommandLine.Mixin
        private Options.DeadLimit limit = new Options.DeadLimit();

        ListDead() {
        }

        @Override
        public Integer call() {
            limit.checked();
            PrintWriter out = spec.commandLine().getOut();
            try (KafkaDeadLetters dead = topics.open()) {
                List<InboxMessage> letters = limit.print(dead::list, out);
                out.println(letters.size() + " dead letter" + (letters.size() == 1 ? "" : "s") + " not yet replayed"
                        + (letters.size() == limit.limit ? " shown (--limit shows more)" : ""));
            }
            return PayhooksCommand.OK;
        }
    }

    /** {@code payhooks kafka dead replay}. */
    @Command(name = "replay",
            description = {"Produce every dead letter not yet replayed back onto the deliveries topic.",
                    "They are not verified again: they were verified when they arrived."},
            exitCodeList = {"0:replayed (possibly none)", "2:usage or configuration error (an unreachable broker)"})
    static final class Replay implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @CommandLine.Mixin
        private Topics topics = new Topics();

        @Option(names = "--all", required = true, description = "Replay every dead letter not yet replayed.")
        private boolean all;

        Replay() {
        }

        @Override
        public Integer call() {
            try (KafkaDeadLetters dead = topics.open()) {
                int replayed = dead.replayAllWithoutReverifying();
                spec.commandLine().getOut().println("replayed " + replayed + " dead letter" + (replayed == 1 ? "" : "s")
                        + " onto " + topics.topic + " without verifying again");
            }
            return PayhooksCommand.OK;
        }
    }
}
