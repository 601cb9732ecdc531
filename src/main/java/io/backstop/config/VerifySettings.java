package io.backstop.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Introspected;

import java.time.Duration;

/** Verification settings the running parts need, typed; the schedule is parsed with the other crons by {@link Targets}. */
@ConfigurationProperties("backstop.verify")
@Introspected
public class VerifySettings {
    private Duration maxAge;
    private boolean remote;

    /** Health turns DOWN when the last passed full verification is older ({@code BACKUP_VERIFY_MAX_AGE}). */
    public Duration getMaxAge() { return maxAge; }
    public void setMaxAge(Duration maxAge) { this.maxAge = maxAge; }
    /** Whether a full verification also reads the S3 copy back ({@code BACKUP_VERIFY_REMOTE}). */
    public boolean isRemote() { return remote; }
    public void setRemote(boolean remote) { this.remote = remote; }
}
