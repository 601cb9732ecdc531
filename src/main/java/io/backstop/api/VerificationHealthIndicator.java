package io.backstop.api;

import io.backstop.config.VerifySettings;
import io.backstop.catalog.Catalog;
import io.backstop.catalog.Verification;
import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.verify.Level;
import io.backstop.verify.RemoteVerifier;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /health} component "verification": DOWN (503) when a target's newest full verification (or, with
 * {@code BACKUP_VERIFY_REMOTE}, the newest check of its S3 copy) failed, or when no full verification passed within
 * {@code BACKUP_VERIFY_MAX_AGE} (counted from start-up until the first one).
 */
@Singleton
public class VerificationHealthIndicator extends AbstractHealthIndicator<Map<String, VerificationHealthIndicator.State>> {
    private final Targets targets;
    private final Catalog catalog;
    private final Clock clock;
    private final Duration maxAge;
    private final Instant startedAt;

    public VerificationHealthIndicator(Targets targets, Catalog catalog, Clock clock,
                                       VerifySettings settings) {
        this.targets = targets;
        this.catalog = catalog;
        this.clock = clock;
        this.maxAge = settings.getMaxAge();
        this.startedAt = clock.instant();
    }

    @Serdeable
    public record State(boolean healthy, @Nullable Instant lastFullPassed, @Nullable String lastFullError, String reason) {
    }

    @Override
    protected Map<String, State> getHealthInformation() {
        Map<String, State> byTarget = new LinkedHashMap<>();
        boolean healthy = true;
        for (Target target : targets.all()) {
            State state = state(target);
            byTarget.put(target.name(), state);
            healthy &= state.healthy();
        }
        healthStatus = healthy ? HealthStatus.UP : HealthStatus.DOWN;
        return byTarget;
    }

    /** The verification health of one target: the notifier turns a change to unhealthy into a "stale" notification. */
    public State state(Target target) {
        Optional<Verification> newest = catalog.latestVerification(target.name(), Level.FULL.label());
        Optional<Verification> passed = catalog.latestPassedVerification(target.name(), Level.FULL.label());
        Instant now = clock.instant();
        Instant lastPassed = passed.map(Verification::finishedAt).orElse(null);
        if (newest.isPresent() && !newest.get().passed()) {
            return new State(false, lastPassed, newest.get().error(), "the newest full verification failed: " + newest.get().error());
        }
        Optional<Verification> remote = catalog.latestVerification(target.name(), RemoteVerifier.LEVEL);
        if (remote.isPresent() && !remote.get().passed()) {
            return new State(false, lastPassed, remote.get().error(), "the newest check of the S3 copy failed: " + remote.get().error());
        }
        Instant since = lastPassed != null ? lastPassed : startedAt;
        if (Duration.between(since, now).compareTo(maxAge) > 0) {
            return new State(false, lastPassed, null, (lastPassed == null ? "no full verification has passed"
                    : "the last full verification passed at " + lastPassed) + ", more than BACKUP_VERIFY_MAX_AGE (" + maxAge + ") ago");
        }
        return new State(true, lastPassed, null, lastPassed == null ? "no full verification yet; the first is due by "
                + startedAt.plus(maxAge) : "the last full verification passed at " + lastPassed);
    }

    @Override
    public String getName() {
        return "verification";
    }
}
