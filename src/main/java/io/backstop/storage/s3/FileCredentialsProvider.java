package io.backstop.storage.s3;

import io.micronaut.core.annotation.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Credentials from files ({@code AWS_ACCESS_KEY_ID_FILE}, {@code AWS_SECRET_ACCESS_KEY_FILE}, optional
 * {@code AWS_SESSION_TOKEN_FILE}), as Docker and Kubernetes secrets provide them. Read on every use, so a
 * rotated secret is picked up without a restart.
 */
final class FileCredentialsProvider implements AwsCredentialsProvider {
    private final Path accessKeyId;
    private final Path secretAccessKey;
    @Nullable private final Path sessionToken;

    FileCredentialsProvider(Path accessKeyId, Path secretAccessKey, @Nullable Path sessionToken) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.sessionToken = sessionToken;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        String id = read(accessKeyId, "AWS_ACCESS_KEY_ID_FILE");
        String secret = read(secretAccessKey, "AWS_SECRET_ACCESS_KEY_FILE");
        return sessionToken == null ? AwsBasicCredentials.create(id, secret)
                : AwsSessionCredentials.create(id, secret, read(sessionToken, "AWS_SESSION_TOKEN_FILE"));
    }

    private static String read(Path file, String variable) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw SdkClientException.create(variable + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public String toString() {
        return "FileCredentialsProvider(" + accessKeyId + ")";
    }
}
