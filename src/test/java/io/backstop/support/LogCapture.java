package io.backstop.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Collects what Backstop logs while a test runs, to assert on the lines operators would read. */
public final class LogCapture implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final java.util.Map<Logger, ch.qos.logback.classic.Level> levelsBefore = new java.util.HashMap<>();

    public LogCapture() {
        appender.start();
        root.addAppender(appender);
    }

    /** Also captures INFO lines of this logger (the tests' logback configuration shows WARN and above only). */
    public LogCapture withInfoOf(String loggerName) {
        Logger logger = (Logger) LoggerFactory.getLogger(loggerName);
        levelsBefore.put(logger, logger.getLevel());
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        return this;
    }

    public List<String> lines() {
        return appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    /** Lines logged with a stack trace attached. */
    public List<String> withStackTraces() {
        return appender.list.stream().filter(e -> e.getThrowableProxy() != null)
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        levelsBefore.forEach(Logger::setLevel);
    }
}
