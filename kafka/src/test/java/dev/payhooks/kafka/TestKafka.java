package dev.payhooks.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The module's one Kafka cluster: a KRaft controller and a broker in this JVM (Kafka's own test
 * kit, real server code, no Docker), started on first use and reused by every test class, closed
 * when the JVM exits. Separate controller and broker, so a test can stop the broker while the
 * cluster's metadata quorum stays up, and start it again on the same port.
 */
final class TestKafka {

    private static KafkaClusterTestKit cluster;

    private TestKafka() {
    }

    static synchronized KafkaClusterTestKit cluster() {
        if (cluster == null) {
            try {
                KafkaClusterTestKit started = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(false).setNumControllerNodes(1).setNumBrokerNodes(1).build())
                        // One broker: internal topics cannot have three replicas.
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("offsets.topic.num.partitions", "4")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .build();
                started.format();
                started.startup();
                started.waitForReadyBrokers();
                cluster = started;
            } catch (Exception e) {
                throw new IllegalStateException("could not start the in-process Kafka cluster", e);
            }
            // Closed by TestKafkaSession when the test run ends.
        }
        return cluster;
    }

    /** Closes the cluster (and deletes its data) if a test started it. */
    static synchronized void closeIfStarted() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                System.err.println("could not close the in-process Kafka cluster: " + e);
            }
            cluster = null;
        }
    }

    static String bootstrapServers() {
        return cluster().bootstrapServers();
    }

    static Map<String, Object> settings() {
        return Map.of("bootstrap.servers", bootstrapServers());
    }

    static void createTopic(String name, int partitions) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not create topic " + name, e);
        }
    }

    static int brokerId() {
        return cluster().brokers().keySet().iterator().next();
    }

    /** Stops the broker (the controller stays up), as a broker that crashed or is unreachable would be. */
    static synchronized void stopBroker() {
        var broker = cluster().brokers().get(brokerId());
        broker.shutdown();
        broker.awaitShutdown();
    }

    /** Starts the broker again, on the same port and data. */
    static synchronized void startBroker() throws Exception {
        cluster().restartBroker(brokerId(), Map.of());
        cluster().waitForReadyBrokers();
    }
}
