package dev.payhooks.testkit;

import dev.payhooks.testkit.internal.LogbackAppender;

import java.util.List;

/**
 * Captures everything logged, at every level and from every logger, with stack traces, while it
 * is open: tests use it to prove that secrets, signature values and bodies never reach a log.
 *
 * <pre>{@code
 * try (LogCapture logs = LogCapture.open()) {
 *     receiver.receive(request);
 *     assertThat(logs.text()).doesNotContain(secret);
 * }
 * }</pre>
 *
 * <p>Needs Logback ({@code ch.qos.logback:logback-classic}) as the SLF4J backend of the tests.
 * While open it lowers the root logger to TRACE and clears every other logger's level (a test
 * configuration that quiets a logger must not hide a leak), and restores them on
 * {@link #close()}. Those levels are global: do not run tests that capture in parallel.
 *
 * @since 0.1.0
 */
public final class LogCapture implements AutoCloseable {

    private final LogbackAppender appender;

    private LogCapture(LogbackAppender appender) {
        this.appender = appender;
    }

    /**
     * Starts capturing at TRACE level.
     *
     * @return the capture; close it to stop and restore the log levels
     * @throws IllegalStateException if Logback is not on the class path or is not the SLF4J backend
     */
    public static LogCapture open() {
        LogbackAppender appender;
        try {
            appender = LogbackAppender.attach();
        } catch (NoClassDefFoundError missing) {
            throw new IllegalStateException("LogCapture needs Logback: add ch.qos.logback:logback-classic to the "
                    + "test dependencies (it is an optional dependency of payhooks-testkit)", missing);
        }
        return new LogCapture(appender);
    }

    /**
     * Everything captured so far.
     *
     * @return the lines, each {@code LEVEL logger message} followed by the stack trace, if any
     */
    public List<String> lines() {
        return appender.lines();
    }

    /**
     * Everything captured so far as one text.
     *
     * @return the lines joined with {@code \n}
     */
    public String text() {
        return String.join("\n", appender.lines());
    }

    /** Stops capturing and restores the levels the loggers had before {@link #open()}. */
    @Override
    public void close() {
        appender.detach();
    }
}
