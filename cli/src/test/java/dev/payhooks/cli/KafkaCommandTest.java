package dev.payhooks.cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code payhooks kafka dead list|replay} on a real KRaft broker started once for this class. */
class KafkaCommandTest {

    private static final String BODY_MARKER = "card_last4_4242";
    private static KafkaClusterTestKit cluster;

    @BeforeAll
    static void startKafka() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
                .setNumControllerNodes(1).setNumBrokerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("cli.deliveries", 1, (short) 1), new NewTopic("cli.deliveries.dead", 1, (short) 1)))
                    .all().get(60, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopKafka() throws Exception {
        cluster.close();
    }

    @Test
    void listsDeadLettersWithoutBodiesThenReplaysThemOnce() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", cluster.bootstrapServers(),
                "key.serializer", ByteArraySerializer.class.getName(), "value.serializer", ByteArraySerializer.class.getName()))) {
            // A dead letter as payhooks-kafka's worker writes it: the delivery's envelope plus why it died.
            ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>("cli.deliveries.dead", null, bytes("stripe::re_1"),
                    bytes("{\"id\":\"evt_dead_1\",\"" + BODY_MARKER + "\":true}"));
            header(dead, "payhooks-provider", "stripe");
            header(dead, "payhooks-idempotency-key", "evt_dead_1");
            header(dead, "payhooks-event-id", "evt_dead_1");
            header(dead, "payhooks-event-type", "refund.failed");
            header(dead, "payhooks-received-at", "2026-12-01T10:00:00Z");
            header(dead, "payhooks-dead-error", "java.lang.IllegalStateException: downstream refused");
            header(dead, "payhooks-dead-attempts", "8");
            header(dead, "payhooks-dead-origin", "cli.deliveries-0@41");
            producer.send(dead).get(30, TimeUnit.SECONDS);
        }
        String[] common = {"--bootstrap-servers", cluster.bootstrapServers(), "--topic", "cli.deliveries"};

        Run list = Run.of(concat(new String[]{"kafka", "dead", "list"}, common));
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("provider=stripe event=evt_dead_1 type=refund.failed attempts=8")
                .contains("error=java.lang.IllegalStateException: downstream refused").contains("from cli.deliveries-0@41")
                .contains("1 dead letter not yet replayed").doesNotContain(BODY_MARKER);

        Run replay = Run.of(concat(new String[]{"kafka", "dead", "replay", "--all"}, common));
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("replayed 1 dead letter onto cli.deliveries without verifying again");

        Run again = Run.of(concat(new String[]{"kafka", "dead", "list"}, common));
        assertThat(again.out()).contains("0 dead letters not yet replayed");
        Run second = Run.of(concat(new String[]{"kafka", "dead", "replay", "--all"}, common));
        assertThat(second.out()).contains("replayed 0 dead letters");

        List<ConsumerRecord<byte[], byte[]>> replayed = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", cluster.bootstrapServers(),
                "group.id", "cli-test-reader", "auto.offset.reset", "earliest",
                "key.deserializer", ByteArrayDeserializer.class.getName(), "value.deserializer", ByteArrayDeserializer.class.getName()))) {
            consumer.subscribe(List.of("cli.deliveries"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (replayed.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(replayed::add);
            }
        }
        assertThat(replayed).hasSize(1);
        assertThat(new String(replayed.get(0).value(), StandardCharsets.UTF_8)).contains("evt_dead_1");
        assertThat(replayed.get(0).headers().lastHeader("payhooks-dead-error")).as("dead-letter headers dropped").isNull();
        assertThat(new String(replayed.get(0).headers().lastHeader("payhooks-event-id").value(), StandardCharsets.UTF_8))
                .isEqualTo("evt_dead_1");
    }

    @Test
    void anUnreachableBrokerIsAConfigurationError() {
        Run run = Run.of("kafka", "dead", "list", "--bootstrap-servers", "127.0.0.1:1", "--timeout", "2");
        assertThat(run.exitCode()).isEqualTo(PayhooksCommand.USAGE);
        assertThat(run.err()).startsWith("error: ").contains("payhooks.deliveries.dead");
    }

    @Test
    void aLimitBelowOneIsAUsageErrorBeforeAnyBrokerIsAsked() {
        // The same check and wording as inbox list: the option is one mixin.
        Run run = Run.of("kafka", "dead", "list", "--bootstrap-servers", "127.0.0.1:1", "--limit", "0");
        assertThat(run.exitCode()).isEqualTo(PayhooksCommand.USAGE);
        assertThat(run.err()).isEqualTo("error: --limit must be at least 1, was 0" + System.lineSeparator());
    }

    @Test
    void everySubCommandInheritsTheHelpOptionsAndTheExitCodeHeading() {
        Run run = Run.of("kafka", "dead", "replay", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("-h, --help").contains("-V, --version").contains("Exit codes:");
    }

    private static void header(ProducerRecord<byte[], byte[]> record, String name, String value) {
        record.headers().add(name, bytes(value));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
