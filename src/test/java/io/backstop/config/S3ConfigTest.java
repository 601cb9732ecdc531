package io.backstop.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class S3ConfigTest {
    private static S3Config bucket(String name) {
        S3Config config = new S3Config();
        config.setBucket(name);
        return config;
    }

    @Test
    void keyPrefixAlwaysEndsInASlashAndNeverStartsWithOne() {
        S3Config config = bucket("b-1");
        for (String[] c : new String[][]{{"backstop/", "backstop/"}, {"backups", "backups/"}, {"/team/db/", "team/db/"}, {"", ""}, {"/", ""}}) {
            config.setPrefix(c[0]);
            assertEquals(c[1], config.keyPrefix(), "prefix '" + c[0] + "'");
        }
    }

    @Test
    void sizesAndDurationsInTheUsualSpellings() {
        S3Config config = bucket("b-1");
        for (String[] c : new String[][]{{"16MiB", "16777216"}, {"16mb", "16777216"}, {"8388608", "8388608"}, {"1 GiB", "1073741824"}}) {
            config.setPartSize(c[0]);
            assertEquals(Long.parseLong(c[1]), config.partSizeBytes(), c[0]);
        }
        config.setPendingMaxAge("90m");
        assertEquals(Duration.ofMinutes(90), config.pendingMaxAgeDuration());
        config.setPendingMaxAge("2d");
        assertEquals(Duration.ofDays(2), config.pendingMaxAgeDuration());
        assertEquals(List.of(), config.problems());
    }

    @Test
    void sdkChecksumsOnlyOnAwsUnlessAsked() {
        S3Config config = bucket("b-1");
        assertTrue(config.sdkChecksums(), "AWS itself supports the flexible checksums");
        config.setEndpoint("http://minio:9000");
        assertFalse(config.sdkChecksums(), "many S3-compatible services reject them");
        config.setChecksums("when_supported");
        assertTrue(config.sdkChecksums());
    }

    @Test
    void s3RetentionDaysDefaultToTheLocalOnes() {
        S3Config config = bucket("b-1");
        assertEquals(7, config.retentionDays(7));
        config.setRetentionDays("30");
        assertEquals(30, config.retentionDays(7));
        assertEquals(S3Config.RetentionMode.DAYS, config.retentionMode());
        config.setRetention("Lifecycle");
        assertEquals(S3Config.RetentionMode.LIFECYCLE, config.retentionMode());
    }
}
