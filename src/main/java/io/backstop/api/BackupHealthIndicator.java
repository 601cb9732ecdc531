package io.backstop.api;

import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.schedule.Freshness;
import io.backstop.schedule.FreshnessCheck;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /health} turns DOWN (503) when any target's newest good backup is older than its schedule allows. */
@Singleton
public class BackupHealthIndicator extends AbstractHealthIndicator<Map<String, Freshness>> {
    private final Targets targets;
    private final FreshnessCheck freshness;

    public BackupHealthIndicator(Targets targets, FreshnessCheck freshness) {
        this.targets = targets;
        this.freshness = freshness;
    }

    @Override
    protected Map<String, Freshness> getHealthInformation() {
        Map<String, Freshness> byTarget = new LinkedHashMap<>();
        boolean healthy = true;
        for (Target target : targets.all()) {
            Freshness f = freshness.check(target);
            byTarget.put(target.name(), f);
            healthy &= f.healthy();
        }
        healthStatus = healthy ? HealthStatus.UP : HealthStatus.DOWN;
        return byTarget;
    }

    @Override
    public String getName() {
        return "backups";
    }
}
