package io.backstop;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import org.slf4j.LoggerFactory;

/**
 * Optional copy of the log in a file ({@code BACKUP_LOG_FILE}), rotated by size: at
 * {@code BACKUP_LOG_MAX_SIZE} (default 10MB) the file becomes {@code <file>.1}, and at most
 * {@code BACKUP_LOG_MAX_FILES} (default 5) old files are kept. Stdout logging is unchanged.
 */
final class LogFile {
    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} %-5level %logger{0} - %msg%n";

    private LogFile() {
    }

    static void attachFromEnvironment() {
        String file = System.getenv("BACKUP_LOG_FILE");
        if (file == null || file.isBlank()) {
            return;
        }
        FileSize maxSize;
        int maxFiles;
        try {
            maxSize = FileSize.valueOf(System.getenv().getOrDefault("BACKUP_LOG_MAX_SIZE", "10MB"));
            maxFiles = Integer.parseInt(System.getenv().getOrDefault("BACKUP_LOG_MAX_FILES", "5").trim());
        } catch (IllegalArgumentException e) {
            return; // reported, naming the variable, with every other configuration problem
        }
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();

        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("BACKUP_LOG_FILE");
        appender.setFile(file);
        appender.setEncoder(encoder);

        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(file + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(maxFiles);
        rolling.start();

        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(maxSize);
        trigger.setCheckIncrement(ch.qos.logback.core.util.Duration.buildBySeconds(1));
        trigger.start();

        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }
}
