package dev.payhooks.redis;

import dev.payhooks.Outcome;
import dev.payhooks.WebhookReceiver;
import dev.payhooks.WebhookResponse;
import dev.payhooks.testkit.LogCapture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis stops, or stops answering, while webhooks arrive: the receiver answers 503 so the provider
 * retries, runs no handler and marks nothing done; once Redis is back, the retry is handled once.
 */
class RedisDownTest {

    private static final String PREFIX = "down:";

    @Test
    void stoppedServerMeans503AndNothingMarkedDoneUntilItIsBack() {
        // A password, to show that it reaches no log line and no answer.
        String password = "redis-password-" + System.nanoTime();
        try (TestRedis server = TestRedis.start(true, "requirepass " + password)) {
            RedisURI uri = RedisURI.builder(RedisURI.create(server.uri())).withPassword(password.toCharArray())
                    .withTimeout(Duration.ofSeconds(10)).build();
            RedisClient client = RedisClient.create(uri);
            List<String> handled = new CopyOnWriteArrayList<>();
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisIdempotencyStore store = RedisIdempotencyStore.builder(connection).keyPrefix(PREFIX)
                        .commandTimeout(Duration.ofMillis(300)).build();
                WebhookReceiver receiver = WebhookReceiver.builder().source(TestSource.source()).idempotencyStore(store)
                        .on("test.event", event -> handled.add(event.id())).build();
                assertThat(receiver.receive(TestSource.delivery("evt_before")).status()).isEqualTo(200);

                server.stop();
                WebhookResponse whileDown;
                WebhookResponse duplicateWhileDown;
                String logs;
                try (LogCapture capture = LogCapture.open()) {
                    whileDown = receiver.receive(TestSource.delivery("evt_during"));
                    duplicateWhileDown = receiver.receive(TestSource.delivery("evt_before"));
                    logs = capture.text();
                } finally {
                    server.restart();
                }
                assertThat(logs).contains("answering 503").doesNotContain(password);
                assertThat(whileDown.body()).doesNotContain(password).doesNotContain("127.0.0.1");
                assertThat(whileDown.status()).isEqualTo(503);
                assertThat(whileDown.outcome()).isEqualTo(Outcome.UNAVAILABLE);
                assertThat(duplicateWhileDown.status()).as("not even a duplicate can be recognised").isEqualTo(503);
                assertThat(handled).containsExactly("evt_before");

                // Lettuce reconnects by itself; this waits for it (and for the commands it kept meanwhile).
                assertThat(connection.sync().ping()).isEqualTo("PONG");
                WebhookResponse retried = receiver.receive(TestSource.delivery("evt_during"));
                assertThat(retried.outcome()).as("nothing was marked done while Redis was down").isEqualTo(Outcome.HANDLED);
                assertThat(receiver.receive(TestSource.delivery("evt_during")).outcome()).isEqualTo(Outcome.DUPLICATE);
                assertThat(receiver.receive(TestSource.delivery("evt_before")).outcome()).as("survived the restart")
                        .isEqualTo(Outcome.DUPLICATE);
                assertThat(handled).containsExactly("evt_before", "evt_during");
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void aServerThatDoesNotAnswerInTimeMeans503AndTheRetryRunsOnce() {
        try (TestRedis server = TestRedis.start()) {
            RedisClient client = server.client();
            List<String> handled = new CopyOnWriteArrayList<>();
            try (StatefulRedisConnection<String, String> connection = client.connect();
                 StatefulRedisConnection<String, String> admin = client.connect()) {
                RedisIdempotencyStore store = RedisIdempotencyStore.builder(connection).keyPrefix(PREFIX)
                        .commandTimeout(Duration.ofMillis(100)).build();
                WebhookReceiver receiver = WebhookReceiver.builder().source(TestSource.source()).idempotencyStore(store)
                        .on("test.event", event -> handled.add(event.id())).build();

                admin.sync().clientPause(1_500);
                WebhookResponse slow = receiver.receive(TestSource.delivery("evt_slow"));

                assertThat(slow.status()).isEqualTo(503);
                assertThat(handled).isEmpty();
                assertThat(connection.sync().ping()).as("the pause is over").isEqualTo("PONG");
                assertThat(receiver.receive(TestSource.delivery("evt_slow")).outcome())
                        .as("the late claim was released, so the retry is not told 'in progress'").isEqualTo(Outcome.HANDLED);
                assertThat(receiver.receive(TestSource.delivery("evt_slow")).outcome()).isEqualTo(Outcome.DUPLICATE);
                assertThat(handled).containsExactly("evt_slow");
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
            }
        }
    }
}
