package io.backstop;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;

/**
 * Logback's configuration, found by its {@link Configurator} service (META-INF/services) before anything logs: one
 * line per run start and end at INFO, libraries only when something is wrong (WARN). Built in code rather than read
 * from a logback.xml, because parsing XML loads some 450 classes into every process, the idle daemon and each CLI
 * command alike (README, Performance). A logback-test.xml on the class path (the tests') is left to logback.
 * {@code BACKUP_LOG_FORMAT=json} gives one JSON object per line
 * (logstash-logback-encoder: timestamp, level, logger, message, and the fields a line carries, such as event, target,
 * run, duration_seconds, bytes and cause) instead of the text lines; and an optional copy in a file
 * ({@code BACKUP_LOG_FILE}), rotated by size: at {@code BACKUP_LOG_MAX_SIZE} (default 10MB) the file becomes
 * {@code <file>.1}, and at most {@code BACKUP_LOG_MAX_FILES} (default 5) old files are kept.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} %-5level %logger{0} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        boolean json = "json".equalsIgnoreCase(System.getenv().getOrDefault("BACKUP_LOG_FORMAT", "text").trim());
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        for (String name : new String[] {"backstop", "io.backstop", "io.micronaut.runtime.Micronaut"}) {
            context.getLogger(name).setLevel(Level.INFO);
        }
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(encoder(context, json));
        console.start();
        root.addAppender(console);
        attachFile(context, root, json);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, boolean json) {
        if (json) {
            LogstashEncoder encoder = new LogstashEncoder();
            encoder.setContext(context);
            LogstashFieldNames names = new LogstashFieldNames();
            names.setTimestamp("timestamp");
            names.setVersion("[ignore]");
            names.setLevelValue("[ignore]");
            encoder.setFieldNames(names);
            encoder.start();
            return encoder;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }

    private static void attachFile(LoggerContext context, Logger root, boolean json) {
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
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("BACKUP_LOG_FILE");
        appender.setFile(file);
        appender.setEncoder(encoder(context, json));

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
        root.addAppender(appender);
    }
}
