package io.backstop.support;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/** Settings that point a daemon at an {@link S3Server}, and an independent client to check what arrived. */
public final class S3Fixture {
    public static final String BUCKET = "backstop-test";

    private S3Fixture() {
    }

    public static Map<String, Object> settings(S3Server server) {
        return Map.of("backstop.s3.bucket", BUCKET, "backstop.s3.endpoint", server.endpoint(),
                "backstop.s3.path-style", "true", "backstop.s3.part-size", "5MiB",
                "aws.access-key-id", S3Server.ACCESS_KEY, "aws.secret-key", S3Server.SECRET_KEY,
                "backstop.s3.retry-base", "1h");
    }

    public static S3Client client(S3Server server) {
        return S3Client.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY)))
                .build();
    }

    public static List<String> keys(S3Client s3) {
        return s3.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream().map(S3Object::key).sorted().toList();
    }

    /** Adds incompressible data, so the compressed backup is about {@code mebibytes} large. */
    public static void addRandomBlobs(Path sqlite, int mebibytes) throws Exception {
        try (Connection c = SqliteFixture.open(sqlite); Statement sql = c.createStatement()) {
            sql.execute("CREATE TABLE IF NOT EXISTS blobs (b BLOB)");
            for (int i = 0; i < mebibytes; i++) {
                sql.execute("INSERT INTO blobs VALUES (randomblob(1048576))");
            }
        }
    }
}
