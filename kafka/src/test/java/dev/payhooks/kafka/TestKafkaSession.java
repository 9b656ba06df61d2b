package dev.payhooks.kafka;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Closes the module's Kafka cluster once every test class has run (registered in
 * {@code META-INF/services}), rather than from a JVM shutdown hook, where the broker's own
 * shutdown logic could stall the test JVM's exit.
 */
@SuppressWarnings("exports") // test code, compiled into the module only for the test run
public final class TestKafkaSession implements LauncherSessionListener {

    /** Created by the JUnit launcher through {@code META-INF/services}. */
    public TestKafkaSession() {
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        TestKafka.closeIfStarted();
    }
}
