package io.backstop.schedule;

import io.backstop.config.S3Config;
import io.backstop.storage.OffsiteCopies;
import io.backstop.storage.s3.S3Problem;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Retries pending uploads in the daemon. The first check after start-up queues local backups the catalog
 * does not know as uploads yet and takes the whole queue (pending uploads survive restarts in the catalog);
 * later checks take only those whose backoff has passed.
 */
@Singleton
@Requires(notEnv = Environment.CLI)
@Requires(property = "backstop.s3.bucket", pattern = S3Config.ENABLED_PATTERN)
public class UploadRetries {
    private static final Logger LOG = LoggerFactory.getLogger("backstop.offsite");

    private final OffsiteCopies offsite;
    private final S3Config config;
    private final AtomicBoolean firstCheck = new AtomicBoolean(true);
    private final AtomicBoolean reconciled = new AtomicBoolean(false);

    public UploadRetries(OffsiteCopies offsite, S3Config config) {
        this.offsite = offsite;
        this.config = config;
    }

    @Scheduled(initialDelay = "${backstop.s3.retry-initial-delay:5s}", fixedDelay = "${backstop.s3.retry-check:30s}")
    void retryPending() {
        try {
            if (!reconciled.get()) {
                offsite.reconcile();
                reconciled.set(true);
            }
        } catch (Exception e) {
            LOG.warn("could not compare the volume with S3 yet, will try again: {}", S3Problem.describe(e, config));
        }
        try {
            if (firstCheck.getAndSet(false)) {
                offsite.uploadPending().filter(status -> status.pending() > 0).ifPresent(status -> LOG.warn(
                        "{} upload(s) still pending after the start-up attempt: {}", status.pending(), status.lastError()));
            } else {
                offsite.retryDue();
            }
        } catch (RuntimeException e) {
            LOG.warn("pending uploads not retried: {}", FailureCause.describe(e));
        }
    }
}
