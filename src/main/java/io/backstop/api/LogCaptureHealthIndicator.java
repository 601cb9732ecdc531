package io.backstop.api;

import io.backstop.pitr.CaptureStatus;
import io.backstop.pitr.LogCaptures;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /health} component "logCapture", one entry per target whose transaction log is captured: DOWN when a gap lost
 * changes, when no full backup can start a point-in-time restore, when the tool keeps failing, or when the captured log
 * has been behind the server's for longer than {@code BINLOG_MAX_LAG}. UP, with no entries, when no log is captured.
 */
@Singleton
@Requires(notEnv = Environment.CLI)
public class LogCaptureHealthIndicator extends AbstractHealthIndicator<Map<String, CaptureStatus>> {
    private final LogCaptures captures;

    public LogCaptureHealthIndicator(LogCaptures captures) {
        this.captures = captures;
    }

    @Override
    protected Map<String, CaptureStatus> getHealthInformation() {
        Map<String, CaptureStatus> details = new LinkedHashMap<>();
        boolean down = false;
        for (var target : captures.captured()) {
            CaptureStatus status = captures.status(target.name()).orElse(null);
            if (status != null) {
                details.put(target.name(), status);
                down |= status.problem() != null;
            }
        }
        healthStatus = down ? HealthStatus.DOWN : HealthStatus.UP;
        return details;
    }

    @Override
    public String getName() {
        return "logCapture";
    }
}
