package io.backstop.storage.s3;

import io.backstop.config.S3Config;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Turns what the SDK throws into one line for the operator that names the likely problem: access refused,
 * missing bucket, unsupported feature, unreachable service. The SDK's messages carry no credentials.
 */
public final class S3Problem {
    private S3Problem() {
    }

    public static String describe(Throwable failure, S3Config config) {
        AwsServiceException service = find(failure, AwsServiceException.class);
        String bucket = "bucket '" + config.bucket() + "'";
        if (service != null) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            String detail = service.statusCode() + (code == null ? "" : " " + code);
            return switch (service.statusCode()) {
                case 401, 403 -> "S3 refused access to " + bucket + " (" + detail + "): check the credentials"
                        + " (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or their _FILE variants, or the role) and their permissions";
                case 404 -> "NoSuchUpload".equals(code) ? "S3 no longer knows the multipart upload (" + detail + ")"
                        : bucket + " does not exist at " + where(config) + " (" + detail + "); create it or fix S3_BUCKET";
                case 501 -> "the S3 service does not implement a feature Backstop asked for (" + detail + ")"
                        + (config.sseMode() != S3Config.Sse.NONE ? "; if it has no server-side encryption, set S3_SSE=none" : "");
                default -> "S3 answered " + detail + " for " + bucket + (service.awsErrorDetails() == null
                        || service.awsErrorDetails().errorMessage() == null ? "" : ": " + service.awsErrorDetails().errorMessage())
                        + (service.statusCode() == 400 && config.sdkChecksums()
                        ? "; if the service does not support the SDK's flexible checksums, set S3_CHECKSUMS=when_required" : "");
            };
        }
        SdkClientException client = find(failure, SdkClientException.class);
        if (client != null) {
            return "cannot reach S3 at " + where(config) + ": " + client.getMessage();
        }
        return failure.getMessage() == null ? failure.toString() : failure.getMessage();
    }

    /** True when the service could not be reached at all, so the next upload would fail the same way. */
    public static boolean isUnreachable(Throwable failure) {
        return find(failure, AwsServiceException.class) == null && find(failure, SdkClientException.class) != null;
    }

    private static String where(S3Config config) {
        return config.endpointOrNull() != null ? config.endpointOrNull().toString()
                : "AWS (region " + (config.regionOrNull() == null ? "from the AWS chain" : config.regionOrNull()) + ")";
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
