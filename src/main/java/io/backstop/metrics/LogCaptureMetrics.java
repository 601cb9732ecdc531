package io.backstop.metrics;

import io.backstop.config.Target;
import io.backstop.pitr.CaptureStatus;
import io.backstop.pitr.LogCaptures;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.function.ToDoubleFunction;

/** Per target whose transaction log is captured: how far behind the capture is, and the window a restore can reach. */
@Singleton
@Requires(notEnv = Environment.CLI)
class LogCaptureMetrics implements MeterBinder {
    private final LogCaptures captures;

    LogCaptureMetrics(LogCaptures captures) {
        this.captures = captures;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Target target : captures.captured()) {
            Tags tags = Tags.of("target", target.name());
            gauge(registry, "backstop_log_capture_lag_seconds", "how long the captured binlog has been behind the server's", tags,
                    target, CaptureStatus::lagSeconds);
            gauge(registry, "backstop_log_capture_running", "1 while the capture tool runs", tags, target, s -> s.capturing() ? 1 : 0);
            gauge(registry, "backstop_log_capture_ok", "0 when point-in-time restore is at risk (gap, no full backup, lag)", tags,
                    target, s -> s.problem() == null ? 1 : 0);
            gauge(registry, "backstop_log_recoverable_from_timestamp_seconds", "the earliest second a point-in-time restore reaches",
                    tags, target, s -> seconds(s.from()));
            gauge(registry, "backstop_log_recoverable_to_timestamp_seconds", "the newest captured event", tags, target,
                    s -> seconds(s.to()));
        }
    }

    private void gauge(MeterRegistry registry, String name, String description, Tags tags, Target target,
                       ToDoubleFunction<CaptureStatus> value) {
        Gauge.builder(name, target, t -> captures.status(t.name()).map(value::applyAsDouble).orElse(Double.NaN))
                .description(description).tags(tags).register(registry);
    }

    private static double seconds(Instant instant) {
        return instant == null ? Double.NaN : instant.getEpochSecond();
    }
}
