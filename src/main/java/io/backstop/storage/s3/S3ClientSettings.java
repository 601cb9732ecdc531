package io.backstop.storage.s3;

import io.backstop.config.S3Config;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Applies Backstop's S3 settings to the client builder that micronaut-aws-sdk-v2 prepares (its region and
 * credential chains, HTTP client and user agent stay): endpoint, path-style addressing, checksum mode, and
 * credentials from {@code AWS_*_FILE} ahead of the standard chain, and the region when Backstop's own setting
 * names one (the environment's {@code S3_REGION} also feeds {@code aws.region}, see application.yml).
 */
@Singleton
@Requires(property = "backstop.s3.bucket", pattern = S3Config.ENABLED_PATTERN)
public class S3ClientSettings implements BeanCreatedEventListener<S3ClientBuilder> {
    private final S3Config config;
    private final AwsCredentialsProviderChain standardChain;

    public S3ClientSettings(S3Config config, AwsCredentialsProviderChain standardChain) {
        this.config = config;
        this.standardChain = standardChain;
    }

    @Override
    public S3ClientBuilder onCreated(BeanCreatedEvent<S3ClientBuilder> event) {
        S3ClientBuilder builder = event.getBean();
        if (config.regionOrNull() != null) {
            builder.region(Region.of(config.regionOrNull()));
        }
        if (config.endpointOrNull() != null) {
            builder.endpointOverride(config.endpointOrNull());
        }
        builder.forcePathStyle(config.pathStyle());
        boolean sdkChecksums = config.sdkChecksums();
        builder.requestChecksumCalculation(sdkChecksums ? RequestChecksumCalculation.WHEN_SUPPORTED : RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(sdkChecksums ? ResponseChecksumValidation.WHEN_SUPPORTED : ResponseChecksumValidation.WHEN_REQUIRED);
        if (config.accessKeyIdFile() != null) {
            builder.credentialsProvider(AwsCredentialsProviderChain.builder()
                    .credentialsProviders(new FileCredentialsProvider(config.accessKeyIdFile(), config.secretAccessKeyFile(),
                            config.sessionTokenFile()), standardChain)
                    .build());
        }
        return builder;
    }
}
