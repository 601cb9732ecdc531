package io.backstop.verify;

import io.backstop.catalog.Catalog;
import io.backstop.catalog.Verification;
import io.backstop.schedule.FailureCause;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** Every check ends here: recorded in the catalog (a catalog that cannot be written is logged, never fatal) and one log line. */
@Singleton
class VerificationRecord {
    private static final Logger LOG = LoggerFactory.getLogger("backstop.verify");

    private final Catalog catalog;

    VerificationRecord(Catalog catalog) {
        this.catalog = catalog;
    }

    Verification keep(Verification v) {
        Verification recorded = v;
        try {
            recorded = catalog.record(v);
        } catch (Exception e) {
            LOG.warn("catalog: could not record the verification of {}: {}", v.file(), FailureCause.describe(e));
        }
        String took = String.format("%.1fs", Duration.between(v.startedAt(), v.finishedAt()).toMillis() / 1000.0);
        double seconds = Duration.between(v.startedAt(), v.finishedAt()).toMillis() / 1000.0;
        if (v.passed()) {
            LOG.atInfo().addKeyValue("event", "verification.passed").addKeyValue("target", v.target()).addKeyValue("run", v.runId())
                    .addKeyValue("level", v.level()).addKeyValue("duration_seconds", seconds)
                    .log("verification passed: target={} run={} file={} level={} duration={} counts={}", v.target(), v.runId(),
                            v.file(), v.level(), took, v.counts());
        } else {
            LOG.atError().addKeyValue("event", "verification.failed").addKeyValue("target", v.target()).addKeyValue("run", v.runId())
                    .addKeyValue("level", v.level()).addKeyValue("duration_seconds", seconds).addKeyValue("cause", v.error())
                    .log("verification failed: target={} run={} file={} level={} duration={} cause={}", v.target(), v.runId(),
                            v.file(), v.level(), took, v.error());
        }
        return recorded;
    }
}
