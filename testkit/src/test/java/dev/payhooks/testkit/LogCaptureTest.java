package dev.payhooks.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class LogCaptureTest {

    private static final Logger LOG = LoggerFactory.getLogger("dev.payhooks.testkit.quieted");

    private static ch.qos.logback.classic.Logger logback(String name) {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(name);
    }

    @Test
    void capturesEveryLevelEvenFromALoggerTheConfigurationQuiets() {
        logback("dev.payhooks.testkit.quieted").setLevel(Level.OFF);
        try (LogCapture logs = LogCapture.open()) {
            LOG.trace("trace line {}", 1);
            LOG.debug("debug line");
            LOG.error("failed", new IllegalStateException("boom"));

            assertThat(logs.lines()).hasSize(3);
            assertThat(logs.lines().get(0)).isEqualTo("TRACE dev.payhooks.testkit.quieted trace line 1");
            assertThat(logs.lines().get(2)).startsWith("ERROR dev.payhooks.testkit.quieted failed\n")
                    .contains("java.lang.IllegalStateException: boom");
            assertThat(logs.text()).contains("debug line");
        } finally {
            logback("dev.payhooks.testkit.quieted").setLevel(null);
        }
    }

    @Test
    void closeStopsCapturingAndRestoresTheLevels() {
        ch.qos.logback.classic.Logger quieted = logback("dev.payhooks.testkit.quieted");
        quieted.setLevel(Level.OFF);
        Level rootBefore = logback(Logger.ROOT_LOGGER_NAME).getLevel();
        LogCapture logs = LogCapture.open();
        LOG.info("inside");

        logs.close();
        LOG.error("after close");

        try {
            assertThat(logs.lines()).containsExactly("INFO dev.payhooks.testkit.quieted inside");
            assertThat(quieted.getLevel()).isEqualTo(Level.OFF);
            assertThat(logback(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(rootBefore);
        } finally {
            quieted.setLevel(null);
        }
    }
}
