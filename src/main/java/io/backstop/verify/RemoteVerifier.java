package io.backstop.verify;

import io.backstop.catalog.Catalog;
import io.backstop.catalog.UploadStatus;
import io.backstop.catalog.Verification;
import io.backstop.config.S3Config;
import io.backstop.config.Target;
import io.backstop.schedule.FailureCause;
import io.backstop.storage.LocalBackupStore;
import io.backstop.storage.Manifest;
import io.backstop.storage.OffsiteCopies;
import io.backstop.storage.s3.S3BackupStore;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * {@code BACKUP_VERIFY_REMOTE=true}: during the full verification the S3 copy of each file is downloaded (streamed
 * through SHA-256, never stored) and compared with the recorded SHA-256, so a damaged bucket object is found before the
 * day it is needed. Recorded as a check of level {@code remote}.
 */
@Singleton
@Requires(property = "backstop.s3.bucket", pattern = S3Config.ENABLED_PATTERN)
public class RemoteVerifier {
    public static final String LEVEL = "remote";
    private static final Logger LOG = LoggerFactory.getLogger("backstop.verify");

    private final S3BackupStore s3;
    private final OffsiteCopies offsite;
    private final LocalBackupStore store;
    private final Catalog catalog;
    private final VerificationRecord record;
    private final Clock clock;

    public RemoteVerifier(S3BackupStore s3, OffsiteCopies offsite, LocalBackupStore store, Catalog catalog,
                          VerificationRecord record, Clock clock) {
        this.record = record;
        this.s3 = s3;
        this.offsite = offsite;
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Empty when the file is not on S3 yet (its upload is pending): nothing to check there. */
    public Optional<Verification> verify(Target target, String fileName, Long runId) {
        if (offsite.statusOf(target.name(), fileName).orElse(null) != UploadStatus.UPLOADED) {
            LOG.info("remote verification of {} skipped: it is not on S3 yet", fileName);
            return Optional.empty();
        }
        Instant started = clock.instant();
        String error = null;
        try {
            String expected = store.manifestFor(store.fileOf(target.name(), fileName)).map(Manifest::sha256)
                    .or(() -> catalog.sha256Of(target.name(), fileName))
                    .orElseThrow(() -> new IOException("no SHA-256 recorded for it"));
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (OutputStream digest = new DigestOutputStream(OutputStream.nullOutputStream(), sha256)) {
                if (!s3.download(target.name(), fileName, digest)) {
                    throw new IOException(s3.url(target.name(), fileName) + " is missing although its upload was recorded");
                }
            }
            String actual = HexFormat.of().formatHex(sha256.digest());
            if (!actual.equals(expected)) {
                throw new IOException("the copy at " + s3.url(target.name(), fileName) + " has SHA-256 " + actual
                        + ", not the recorded " + expected + ": it is damaged");
            }
        } catch (Exception e) {
            error = FailureCause.describe(e);
        }
        return Optional.of(record.keep(new Verification(null, runId, target.name(), fileName, LEVEL, error == null, started,
                clock.instant(), null, error)));
    }
}
