package dev.payhooks.testkit.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * LogCapture's Logback side. Kept apart so that LogCapture itself loads without Logback (an
 * optional dependency) and can say what is missing instead of failing with a bare
 * NoClassDefFoundError.
 */
public final class LogbackAppender extends AppenderBase<ILoggingEvent> {

    private final List<String> lines = new ArrayList<>();
    private final LoggerContext context;
    private final Logger root;
    private final Level previousRootLevel;
    private final Map<Logger, Level> previousLevels = new HashMap<>();

    private LogbackAppender(LoggerContext context) {
        this.context = context;
        this.root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        this.previousRootLevel = root.getLevel();
        setContext(context);
        setName("payhooks-testkit-capture");
    }

    /**
     * Attaches a new capturing appender to the root logger, at TRACE.
     *
     * @return the attached appender
     */
    public static LogbackAppender attach() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext)) {
            throw new IllegalStateException("LogCapture needs Logback as the SLF4J backend of the tests, but SLF4J is bound to "
                    + factory.getClass().getName() + "; remove the other backend from the test class path");
        }
        LogbackAppender appender = new LogbackAppender((LoggerContext) factory);
        appender.start();
        for (Logger logger : appender.context.getLoggerList()) {
            if (logger != appender.root && logger.getLevel() != null) {
                appender.previousLevels.put(logger, logger.getLevel());
                logger.setLevel(null);
            }
        }
        appender.root.setLevel(Level.TRACE);
        appender.root.addAppender(appender);
        return appender;
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
     * The lines captured so far.
     *
     * @return an unmodifiable copy
     */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** Detaches the appender and restores the levels. */
    public void detach() {
        root.detachAppender(this);
        root.setLevel(previousRootLevel);
        previousLevels.forEach(Logger::setLevel);
        stop();
    }
}
