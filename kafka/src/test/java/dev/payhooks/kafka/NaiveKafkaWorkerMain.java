package dev.payhooks.kafka;

import com.zaxxer.hikari.HikariDataSource;
import dev.payhooks.kafka.internal.DeliveryRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The negative control's worker, in its own JVM: what an application without payhooks often runs,
 * a plain {@link KafkaConsumer} in the consumer group that commits a batch's offsets as soon as
 * {@code poll} returns it and then handles its records one by one (the effect of
 * {@code enable.auto.commit} with records handed to another thread, or of a manual commit placed
 * before the work). Its handler is {@link KafkaWorkerMain}'s: record the run (event id from the
 * record's {@code payhooks-event-id} header, this process's id, not yet succeeded), 10 ms of work
 * in PostgreSQL, then mark the run succeeded.
 *
 * <p>On {@code HOLD} from the test, before its next record it prints {@code HELD} and the event ids
 * of the records of its current batch that are committed and not handled yet, then stops handling
 * (as a handler stuck in a slow call would) until the test kills it. So the kill lands between the
 * commit and the handling on every run, not when a race happens to favour it.
 *
 * <p>Arguments: bootstrapServers topic groupId jdbcUrl runsTable. Prints READY once subscribed; on
 * STOP finishes its batch, leaves the group and prints STOPPED.
 */
public final class NaiveKafkaWorkerMain {

    private NaiveKafkaWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        String runs = args[4];
        long pid = ProcessHandle.current().pid();
        // As KafkaWorkerMain: a dead member's partitions move after 6 s (the broker's minimum session timeout).
        Map<String, Object> settings = Map.of("bootstrap.servers", args[0], "group.id", args[2],
                "enable.auto.commit", "false", "auto.offset.reset", "earliest",
                "session.timeout.ms", "6000", "heartbeat.interval.ms", "1000",
                "key.deserializer", ByteArrayDeserializer.class.getName(),
                "value.deserializer", ByteArrayDeserializer.class.getName());
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch killed = new CountDownLatch(1); // never counted down: only SIGKILL ends a held worker
        try (HikariDataSource pool = TestPostgres.pool("naive-kafka-worker-" + pid, args[3], 2);
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings)) {
            consumer.subscribe(List.of(args[1]));
            Thread loop = new Thread(() -> {
                try {
                    while (true) {
                        ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
                        consumer.commitSync(); // the naive step: the batch counts as done before any of it is
                        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
                        batch.forEach(records::add);
                        for (int i = 0; i < records.size(); i++) {
                            if (hold.getCount() == 0) {
                                StringBuilder held = new StringBuilder("HELD");
                                for (ConsumerRecord<byte[], byte[]> record : records.subList(i, records.size())) {
                                    held.append(' ').append(DeliveryRecords.optional(record, DeliveryRecords.EVENT_ID));
                                }
                                System.out.println(held);
                                System.out.flush();
                                killed.await();
                            }
                            String eventId = DeliveryRecords.optional(records.get(i), DeliveryRecords.EVENT_ID);
                            TestPostgres.update(pool, "INSERT INTO " + runs + " (event_id, pid, succeeded) VALUES (?, ?, FALSE)",
                                    eventId, pid);
                            TestPostgres.update(pool, "SELECT pg_sleep(0.01)");
                            TestPostgres.update(pool, "UPDATE " + runs + " SET succeeded = TRUE WHERE event_id = ? AND pid = ?",
                                    eventId, pid);
                        }
                    }
                } catch (WakeupException e) {
                    // STOP: the batch under way was finished.
                } catch (Throwable e) {
                    e.printStackTrace();
                    System.exit(2);
                }
            }, "naive-consumer");
            loop.start();
            System.out.println("READY");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("STOP")) {
                if (line.equals("HOLD")) {
                    hold.countDown();
                }
            }
            consumer.wakeup();
            loop.join();
        }
        System.out.println("STOPPED");
        System.out.flush();
    }
}
