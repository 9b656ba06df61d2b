package dev.payhooks.spring.boot.tests;

import dev.payhooks.Outcome;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The payhooks health indicator's statuses, on whichever Actuator generation is on the class path
 * (read through its common shape: {@code health().getStatus().getCode()} and {@code getDetails()}).
 */
class HealthTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurationTest.autoConfigurations(AutoConfigurationTest.AUTO_CONFIGURATION))
            .withPropertyValues(
                    "payhooks.endpoints.stripe.provider=stripe",
                    "payhooks.endpoints.stripe.path=/webhooks/stripe",
                    "payhooks.endpoints.stripe.secrets[0]=" + AutoConfigurationTest.SECRET);

    @Test
    void upWithAReachableStoreDownWhenItCannotBeReached() {
        runner.withUserConfiguration(SwitchableDatabase.class).withPropertyValues("payhooks.jdbc.create-schema=true").run(context -> {
            assertThat(status(context)).isEqualTo("UP");
            assertThat(details(context).get("store")).isEqualTo("jdbc");

            context.getBean(SwitchableDatabase.class).down.set(true);

            assertThat(status(context)).isEqualTo("DOWN");
            assertThat(details(context).get("error").toString()).startsWith("store unreachable (");
        });
    }

    @Test
    void downWhenTheOldestPendingRowIsOlderThanTheThreshold() {
        // The handler fails and its retry is an hour away, so the row stays pending and ages.
        runner.withUserConfiguration(AutoConfigurationTest.FailingHandler.class)
                .withPropertyValues("payhooks.store=memory", "payhooks.inbox.enabled=true", "payhooks.inbox.initial-backoff=1h",
                        "payhooks.health.max-pending-age=1ms")
                .run(context -> {
                    assertThat(status(context)).isEqualTo("UP");
                    assertThat(AutoConfigurationTest.receiver(context, "stripe").receive(Deliveries.signed(AutoConfigurationTest.SECRET,
                            Deliveries.refund("evt_h1", "refund.failed", "re_h1"))).outcome()).isEqualTo(Outcome.QUEUED);

                    awaitStatus(context, "DOWN");
                    assertThat(details(context).get("inbox.stripe").toString()).contains("pending=1");
                });
    }

    @Test
    void outOfServiceWhenDeadRowsPassTheThreshold() {
        runner.withUserConfiguration(AutoConfigurationTest.FailingHandler.class)
                .withPropertyValues("payhooks.store=memory", "payhooks.inbox.enabled=true", "payhooks.inbox.max-attempts=1",
                        "payhooks.health.max-dead=0")
                .run(context -> {
                    assertThat(AutoConfigurationTest.receiver(context, "stripe").receive(Deliveries.signed(AutoConfigurationTest.SECRET,
                            Deliveries.refund("evt_h2", "refund.failed", "re_h2"))).outcome()).isEqualTo(Outcome.QUEUED);

                    awaitStatus(context, "OUT_OF_SERVICE");
                    assertThat(details(context).get("inbox.stripe").toString()).contains("dead=1");
                });
    }

    private static void awaitStatus(AssertableApplicationContext context, String expected) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!status(context).equals(expected) && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertThat(status(context)).isEqualTo(expected);
    }

    private static Object health(AssertableApplicationContext context) throws ReflectiveOperationException {
        Object indicator = context.getBean("payhooksHealthIndicator");
        try {
            return indicator.getClass().getMethod("health").invoke(indicator);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static String status(AssertableApplicationContext context) throws ReflectiveOperationException {
        Object health = health(context);
        Object status = health.getClass().getMethod("getStatus").invoke(health);
        return (String) status.getClass().getMethod("getCode").invoke(status);
    }

    private static Map<?, ?> details(AssertableApplicationContext context) throws ReflectiveOperationException {
        Object health = health(context);
        return (Map<?, ?>) health.getClass().getMethod("getDetails").invoke(health);
    }

    /** An H2 database that can be made unreachable, as a database outage would. */
    @Configuration(proxyBeanMethods = false)
    static class SwitchableDatabase {
        final AtomicBoolean down = new AtomicBoolean();

        @Bean
        DataSource dataSource() {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            return new DelegatingDataSource(h2) {
                @Override
                public Connection getConnection() throws SQLException {
                    if (down.get()) {
                        throw new SQLException("connection refused", "08001");
                    }
                    return super.getConnection();
                }
            };
        }
    }
}
