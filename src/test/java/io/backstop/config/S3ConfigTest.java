package io.backstop.config;

import io.backstop.support.Daemons;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The S3 settings as Micronaut binds them from the variables operators write, with application.yml's defaults. */
class S3ConfigTest {
    @TempDir
    Path tmp;

    private S3Config bound(Map<String, Object> s3) throws Exception {
        Map<String, Object> properties = new HashMap<>(Daemons.appIn(tmp));
        properties.put("backstop.s3.bucket", "b-1");
        properties.put("backstop.s3.endpoint", "http://127.0.0.1:1");
        properties.putAll(s3);
        try (ApplicationContext ctx = ApplicationContext.run(properties, "test")) {
            return ctx.getBean(S3Config.class);
        }
    }

    @Test
    void defaultsComeFromApplicationYml() throws Exception {
        S3Config config = bound(Map.of());
        assertEquals("backstop/", config.keyPrefix());
        assertEquals(16L << 20, config.partSizeBytes());
        assertEquals(Duration.ofHours(24), config.pendingMaxAgeDuration());
        assertEquals(S3Config.Sse.AES256, config.sseMode());
        assertEquals(S3Config.RetentionMode.DAYS, config.retentionMode());
        assertEquals(7, config.retentionDays(7), "S3 retention days default to the local ones");
        assertEquals(5L << 30, config.singleCopyLimit());
        assertFalse(config.pathStyle());
    }

    @Test
    void keyPrefixAlwaysEndsInASlashAndNeverStartsWithOne() throws Exception {
        for (String[] c : new String[][]{{"backups", "backups/"}, {"/team/db/", "team/db/"}, {"/", ""}}) {
            assertEquals(c[1], bound(Map.of("backstop.s3.prefix", c[0])).keyPrefix(), "prefix '" + c[0] + "'");
        }
    }

    @Test
    void sizesDurationsAndEnumsInTheUsualSpellings() throws Exception {
        for (String[] c : new String[][]{{"16MiB", "16777216"}, {"16mb", "16777216"}, {"8388608", "8388608"}, {"1 GiB", "1073741824"}}) {
            assertEquals(Long.parseLong(c[1]), bound(Map.of("backstop.s3.part-size", c[0])).partSizeBytes(), c[0]);
        }
        S3Config config = bound(Map.of("backstop.s3.pending-max-age", "90m", "backstop.s3.sse", "aws:kms",
                "backstop.s3.kms-key-id", "k", "backstop.s3.retention", "lifecycle", "backstop.s3.retention-days", "30",
                "backstop.s3.path-style", "true"));
        assertEquals(Duration.ofMinutes(90), config.pendingMaxAgeDuration());
        assertEquals(S3Config.Sse.KMS, config.sseMode());
        assertEquals(S3Config.RetentionMode.LIFECYCLE, config.retentionMode());
        assertEquals(30, config.retentionDays(7));
        assertTrue(config.pathStyle());
        assertEquals(Duration.ofDays(2), bound(Map.of("backstop.s3.pending-max-age", "2d")).pendingMaxAgeDuration());
    }

    @Test
    void sdkChecksumsOnlyOnAwsUnlessAsked() throws Exception {
        assertFalse(bound(Map.of()).sdkChecksums(), "many S3-compatible services reject them");
        assertTrue(bound(Map.of("backstop.s3.checksums", "when_supported")).sdkChecksums());
        assertTrue(bound(Map.of("backstop.s3.endpoint", "")).sdkChecksums(), "AWS itself supports the flexible checksums");
    }
}
