package io.backstop.api;

import io.backstop.config.S3Config;
import io.backstop.storage.OffsiteCopies;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code /health} component "offsite": UP while uploads are pending, with the count and the last error;
 * DOWN (503) once the oldest pending upload has waited longer than {@code S3_PENDING_MAX_AGE}.
 */
@Singleton
@Requires(property = "backstop.s3.bucket", pattern = S3Config.ENABLED_PATTERN)
public class OffsiteHealthIndicator extends AbstractHealthIndicator<OffsiteHealthIndicator.Details> {
    private final OffsiteCopies offsite;
    private final S3Config config;
    private final Clock clock;

    public OffsiteHealthIndicator(OffsiteCopies offsite, S3Config config, Clock clock) {
        this.offsite = offsite;
        this.config = config;
        this.clock = clock;
    }

    @Serdeable
    public record Details(String bucket, int pendingUploads, @Nullable Instant oldestPendingSince,
                          @Nullable String maxPendingAge, @Nullable String lastError, String reason) {
    }

    @Override
    protected Details getHealthInformation() {
        OffsiteCopies.Status status = offsite.status();
        Duration limit = config.pendingMaxAgeDuration();
        String reason;
        if (status.pending() == 0) {
            healthStatus = HealthStatus.UP;
            reason = "every backup is on S3";
        } else {
            Duration waited = Duration.between(status.oldestPendingSince(), clock.instant());
            healthStatus = status.overdue() ? HealthStatus.DOWN : HealthStatus.UP;
            reason = status.pending() + " upload(s) pending, the oldest for " + waited.toMinutes() + " min"
                    + (healthStatus == HealthStatus.DOWN ? ", longer than S3_PENDING_MAX_AGE" : "; retried with backoff");
        }
        return new Details(config.bucket(), status.pending(), status.oldestPendingSince(), limit.toString(),
                status.lastError(), reason);
    }

    @Override
    public String getName() {
        return "offsite";
    }
}
