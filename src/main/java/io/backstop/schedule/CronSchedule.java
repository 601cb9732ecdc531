package io.backstop.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** A five-field Unix cron expression evaluated in one time zone. */
public final class CronSchedule {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime executionTime;

    private CronSchedule(String expression, ZoneId zone, ExecutionTime executionTime) {
        this.expression = expression;
        this.zone = zone;
        this.executionTime = executionTime;
    }

    /** @throws IllegalArgumentException with cron-utils' explanation when the expression is invalid */
    public static CronSchedule parse(String expression, ZoneId zone) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("empty expression");
        }
        var cron = PARSER.parse(expression.trim());
        cron.validate();
        return new CronSchedule(expression.trim(), zone, ExecutionTime.forCron(cron));
    }

    public String expression() {
        return expression;
    }

    /** False for an expression that names no real date, such as February 30th. */
    public boolean firesAgain() {
        return executionTime.nextExecution(ZonedDateTime.now(zone)).isPresent();
    }

    /** The first fire time strictly after {@code after}. */
    public Instant nextAfter(Instant after) {
        return executionTime.nextExecution(after.atZone(zone))
                .map(ZonedDateTime::toInstant)
                .orElseThrow(() -> new IllegalStateException("cron '" + expression + "' never fires again"));
    }

    /** The last fire time strictly before {@code before}. */
    public Instant previousBefore(Instant before) {
        return executionTime.lastExecution(before.atZone(zone))
                .map(ZonedDateTime::toInstant)
                .orElseThrow(() -> new IllegalStateException("cron '" + expression + "' never fired"));
    }

    /** The length of the schedule period that contains {@code at}: the gap between the fires around it. */
    public Duration intervalAround(Instant at) {
        Instant previous = previousBefore(at);
        return Duration.between(previous, nextAfter(previous));
    }

    @Override
    public String toString() {
        return expression + " (" + zone + ")";
    }
}
