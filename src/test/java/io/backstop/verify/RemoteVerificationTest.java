package io.backstop.verify;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Verification;
import io.backstop.support.Daemons;
import io.backstop.support.S3Fixture;
import io.backstop.support.S3Server;
import io.micronaut.context.ApplicationContext;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With BACKUP_VERIFY_REMOTE, the full verification also checks the S3 copy, and a damaged object is found. */
class RemoteVerificationTest {
    @TempDir
    Path tmp;

    @Test
    void aDamagedS3CopyIsFoundDuringFullVerification() throws Exception {
        try (S3Server server = new S3Server(); S3Client s3 = S3Fixture.client(server)) {
            server.createBucket(S3Fixture.BUCKET);
            Map<String, Object> config = new HashMap<>(Daemons.appIn(tmp));
            config.putAll(S3Fixture.settings(server));
            config.put("backstop.verify.remote", "true");
            try (ApplicationContext ctx = Daemons.start(config)) {
                BackupRun run = Daemons.backUp(ctx, "app");
                List<Verification> intact = ctx.getBean(VerificationService.class).verify("app", Level.FULL);
                assertEquals(List.of("full", "remote"), intact.stream().map(Verification::level).toList());
                assertTrue(intact.stream().allMatch(Verification::passed), intact.toString());

                s3.putObject(b -> b.bucket(S3Fixture.BUCKET).key("backstop/app/" + run.file()), RequestBody.fromString("rotten"));
                List<Verification> damaged = ctx.getBean(VerificationService.class).verify("app", Level.FULL);
                assertTrue(damaged.get(0).passed(), "the local copy is fine");
                assertFalse(damaged.get(1).passed());
                assertTrue(damaged.get(1).error().contains("it is damaged"), damaged.get(1).error());
                HealthResult health = Mono.from(ctx.getBean(io.backstop.api.VerificationHealthIndicator.class).getResult()).block();
                assertEquals(HealthStatus.DOWN, health.getStatus());
            }
        }
    }
}
