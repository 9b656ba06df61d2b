package dev.payhooks.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Captures everything logged (at every level, with stack traces) while it is open, so tests can
 * prove that secrets, signatures and bodies never reach a log.
 *
 * <pre>{@code
 * try (LogCapture logs = LogCapture.open()) {
 *     receiver.receive(request);
 *     assertThat(logs.text()).doesNotContain(secret);
 * }
 * }</pre>
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();
    private final Logger root;
    private final ch.qos.logback.classic.Level previousLevel;
    private final java.util.Map<Logger, ch.qos.logback.classic.Level> previousLevels = new java.util.HashMap<>();

    private LogCapture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        this.root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        this.previousLevel = root.getLevel();
        setContext(context);
        setName("payhooks-test-capture");
    }

    /**
     * Starts capturing at TRACE level.
     *
     * @return the capture; close it to stop
     */
    public static LogCapture open() {
        LogCapture capture = new LogCapture();
        capture.attach();
        return capture;
    }

    private void attach() {
        start();
        // Everything, from every logger: a test configuration that quiets a logger must not hide a leak.
        for (Logger logger : ((LoggerContext) getContext()).getLoggerList()) {
            if (logger != root && logger.getLevel() != null) {
                previousLevels.put(logger, logger.getLevel());
                logger.setLevel(null);
            }
        }
        root.setLevel(ch.qos.logback.classic.Level.TRACE);
        root.addAppender(this);
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        StringBuilder line = new StringBuilder()
                .append(event.getLevel()).append(' ').append(event.getLoggerName()).append(' ')
                .append(event.getFormattedMessage());
        IThrowableProxy throwable = event.getThrowableProxy();
        if (throwable != null) {
            line.append('\n').append(ThrowableProxyUtil.asString(throwable));
        }
        lines.add(line.toString());
    }

    /**
     * Everything captured so far.
     *
     * @return the lines, each with level, logger, message and stack trace
     */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /**
     * Everything captured so far as one text.
     *
     * @return the joined lines
     */
    public synchronized String text() {
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        root.detachAppender(this);
        root.setLevel(previousLevel);
        previousLevels.forEach(Logger::setLevel);
        stop();
    }
}
