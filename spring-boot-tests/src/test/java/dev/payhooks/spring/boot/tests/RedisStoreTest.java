package dev.payhooks.spring.boot.tests;

import dev.payhooks.Outcome;
import dev.payhooks.WebhookReceiver;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** payhooks.store=redis with the application's Lettuce connection, on a real redis-server (one per class). */
class RedisStoreTest {

    private static RedisServer server;
    private static int port;

    @BeforeAll
    static void startRedis() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"").build();
        server.start();
    }

    @AfterAll
    static void stopRedis() throws IOException {
        server.stop();
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurationTest.autoConfigurations(AutoConfigurationTest.AUTO_CONFIGURATION))
            .withUserConfiguration(AutoConfigurationTest.RefundHandlers.class)
            .withPropertyValues(
                    "payhooks.endpoints.stripe.provider=stripe",
                    "payhooks.endpoints.stripe.path=/webhooks/stripe",
                    "payhooks.endpoints.stripe.secrets[0]=" + AutoConfigurationTest.SECRET,
                    "payhooks.store=redis");

    @Test
    void deliveriesAreDeduplicatedInRedisAcrossTwoApplicationInstances() {
        runner.withUserConfiguration(Lettuce.class).run(first -> runner.withUserConfiguration(Lettuce.class).run(second -> {
            byte[] body = Deliveries.refund("evt_redis_1", "refund.failed", "re_redis_1");
            WebhookReceiver a = AutoConfigurationTest.receiver(first, "stripe");
            WebhookReceiver b = AutoConfigurationTest.receiver(second, "stripe");

            assertThat(a.receive(Deliveries.signed(AutoConfigurationTest.SECRET, body)).outcome()).isEqualTo(Outcome.HANDLED);
            assertThat(b.receive(Deliveries.signed(AutoConfigurationTest.SECRET, body)).outcome()).isEqualTo(Outcome.DUPLICATE);
        }));
    }

    @Test
    void storeRedisWithoutALettuceConnectionBeanFailsStartup() {
        runner.run(context -> AutoConfigurationTest.assertFailure(context,
                "payhooks.store=redis needs one Lettuce connection bean", "StatefulRedisConnection<String, String>"));
    }

    @Test
    void inboxModeWithRedisFailsStartup() {
        runner.withUserConfiguration(Lettuce.class).withPropertyValues("payhooks.inbox.enabled=true")
                .run(context -> AutoConfigurationTest.assertFailure(context, "there is no Redis inbox"));
    }

    @Configuration(proxyBeanMethods = false)
    static class Lettuce {
        @Bean(destroyMethod = "shutdown")
        RedisClient redisClient() {
            return RedisClient.create("redis://127.0.0.1:" + port);
        }

        @Bean(destroyMethod = "close")
        StatefulRedisConnection<String, String> redisConnection(RedisClient client) {
            return client.connect();
        }
    }
}
