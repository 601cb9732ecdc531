package io.backstop.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.convert.ConversionContext;
import io.micronaut.core.convert.TypeConverter;
import jakarta.inject.Singleton;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The optional off-site copy on S3 or an S3-compatible service, enabled by {@code S3_BUCKET}. Micronaut converts each
 * value to its type and validates the constraints; {@link TypedSettings} reports every bad one, naming its variable, and
 * {@link #problems} adds the rules that span settings. Defaults are application.yml's, beside each variable's name.
 */
@ConfigurationProperties("backstop.s3")
@Introspected
public class S3Config {
    /** For {@code @Requires}: beans that only exist when a bucket is set. */
    public static final String ENABLED_PATTERN = ".*\\S.*";
    private static final long MIN_PART_SIZE = 5L << 20;
    private static final long MAX_PART_SIZE = 5L << 30;
    private static final Set<String> PUBLIC_ACLS = Set.of("public-read", "public-read-write", "authenticated-read",
            "aws-exec-read");
    private static final Set<String> PRIVATE_ACLS = Set.of("private", "bucket-owner-full-control", "bucket-owner-read");

    /** Server-side encryption, as {@code S3_SSE} spells it: {@code AES256}, {@code aws:kms} or {@code none}. */
    public enum Sse {
        AES256("AES256"), KMS("aws:kms"), NONE("none");

        private final String spelling;

        Sse(String spelling) {
            this.spelling = spelling;
        }

        @Override
        public String toString() {
            return spelling;
        }

        /** Lets Micronaut bind {@code aws:kms} and the other spellings operators use. */
        @Singleton
        static class Converter implements TypeConverter<CharSequence, Sse> {
            @Override
            public Optional<Sse> convert(CharSequence text, Class<Sse> type, ConversionContext context) {
                return switch (text.toString().trim().toLowerCase(Locale.ROOT)) {
                    case "aes256", "" -> Optional.of(AES256);
                    case "aws:kms", "kms" -> Optional.of(KMS);
                    case "none", "off" -> Optional.of(NONE);
                    default -> Optional.empty();
                };
            }
        }
    }

    public enum RetentionMode { DAYS, LIFECYCLE }

    /** Whether the AWS SDK adds its flexible checksums ({@code S3_CHECKSUMS}). */
    public enum Checksums { WHEN_REQUIRED, WHEN_SUPPORTED }

    @Nullable
    @Pattern(regexp = "|\\s*[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\\s*", message = "not a valid bucket name (3-63 lower-case letters, digits, '.', '-')")
    private String bucket;
    private String prefix;
    @Nullable private String region;
    @Nullable private URI endpoint;
    private boolean pathStyle;
    @Nullable private String storageClass;
    private Sse sse;
    @Nullable private String kmsKeyId;
    @Nullable private String acl;
    private boolean latestCopy;
    private ByteSize partSize;
    private RetentionMode retention;
    @Nullable @Min(value = 0, message = "must be 0 or more days") private Integer retentionDays;
    private Duration pendingMaxAge;
    @Nullable private Checksums checksums;
    @Nullable private Path accessKeyIdFile;
    @Nullable private Path secretAccessKeyFile;
    @Nullable private Path sessionTokenFile;
    private Duration retryBase;
    private Duration retryMax;
    private long singleCopyLimit;

    public boolean enabled() {
        return bucket != null && !bucket.isBlank();
    }

    /**
     * The rules that span settings, or that the SDK knows; one line each naming the variable. Empty when S3 is off.
     * Settings whose values did not convert are null here (see {@link TypedSettings}).
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!enabled()) {
            return problems;
        }
        if (endpoint != null && (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme()) || endpoint.getHost() == null)) {
            problems.add("S3_ENDPOINT (backstop.s3.endpoint): must be an http:// or https:// URL with a host, was '" + endpoint + "'");
        }
        if (sse == Sse.KMS && !isSet(kmsKeyId)) {
            problems.add("S3_KMS_KEY_ID (backstop.s3.kms-key-id): required when S3_SSE=aws:kms");
        }
        if (sse != Sse.KMS && isSet(kmsKeyId)) {
            problems.add("S3_KMS_KEY_ID (backstop.s3.kms-key-id): set, but S3_SSE is '" + sse + "'; set S3_SSE=aws:kms to use the key");
        }
        if (isSet(acl)) {
            String a = acl.trim().toLowerCase(Locale.ROOT);
            if (PUBLIC_ACLS.contains(a)) {
                problems.add("S3_ACL (backstop.s3.acl): '" + acl + "' would make database backups readable by others; refused."
                        + " Use private or bucket-owner-full-control, or leave it unset");
            } else if (!PRIVATE_ACLS.contains(a)) {
                problems.add("S3_ACL (backstop.s3.acl): unknown canned ACL '" + acl + "'; one of " + PRIVATE_ACLS);
            }
        }
        if (isSet(storageClass) && software.amazon.awssdk.services.s3.model.StorageClass.fromValue(storageClass.trim())
                == software.amazon.awssdk.services.s3.model.StorageClass.UNKNOWN_TO_SDK_VERSION) {
            problems.add("S3_STORAGE_CLASS (backstop.s3.storage-class): unknown storage class '" + storageClass
                    + "'; e.g. STANDARD, STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR");
        }
        if (partSize != null && (partSize.bytes() < MIN_PART_SIZE || partSize.bytes() > MAX_PART_SIZE)) {
            problems.add("S3_PART_SIZE (backstop.s3.part-size): must be between 5MiB and 5GiB (S3's limits), was "
                    + partSize.bytes() + " bytes");
        }
        checkFile(accessKeyIdFile, "AWS_ACCESS_KEY_ID_FILE", problems);
        checkFile(secretAccessKeyFile, "AWS_SECRET_ACCESS_KEY_FILE", problems);
        checkFile(sessionTokenFile, "AWS_SESSION_TOKEN_FILE", problems);
        if ((accessKeyIdFile == null) != (secretAccessKeyFile == null)) {
            problems.add("AWS_ACCESS_KEY_ID_FILE and AWS_SECRET_ACCESS_KEY_FILE: set both or neither");
        }
        return problems;
    }

    public String bucket() { return bucket.trim(); }

    /** Always empty or ending in '/', never starting with one. */
    public String keyPrefix() {
        String p = prefix == null ? "" : prefix.trim();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p.isEmpty() || p.endsWith("/") ? p : p + "/";
    }

    @Nullable public String regionOrNull() { return isSet(region) ? region.trim() : null; }
    @Nullable public URI endpointOrNull() { return endpoint; }
    public boolean pathStyle() { return pathStyle; }
    @Nullable public String storageClassOrNull() { return isSet(storageClass) ? storageClass.trim() : null; }
    public Sse sseMode() { return sse; }
    @Nullable public String kmsKeyIdOrNull() { return isSet(kmsKeyId) ? kmsKeyId.trim() : null; }
    @Nullable public String aclOrNull() { return isSet(acl) ? acl.trim().toLowerCase(Locale.ROOT) : null; }
    public boolean latestCopy() { return latestCopy; }
    public long partSizeBytes() { return partSize.bytes(); }
    public RetentionMode retentionMode() { return retention; }
    public int retentionDays(int localRetentionDays) {
        return retentionDays != null ? retentionDays : localRetentionDays;
    }
    public Duration pendingMaxAgeDuration() { return pendingMaxAge; }
    public long singleCopyLimit() { return singleCopyLimit; }

    /** SDK flexible checksums only where asked or on AWS itself: many S3-compatible servers reject them. */
    public boolean sdkChecksums() {
        return checksums != null ? checksums == Checksums.WHEN_SUPPORTED : endpoint == null;
    }

    @Nullable public Path accessKeyIdFile() { return accessKeyIdFile; }
    @Nullable public Path secretAccessKeyFile() { return secretAccessKeyFile; }
    @Nullable public Path sessionTokenFile() { return sessionTokenFile; }
    public Duration retryBase() { return retryBase; }
    public Duration retryMax() { return retryMax; }

    private static void checkFile(@Nullable Path file, String variable, List<String> problems) {
        if (file != null && !Files.isReadable(file)) {
            problems.add(variable + ": cannot read " + file);
        }
    }

    private static boolean isSet(@Nullable String value) {
        return value != null && !value.isBlank();
    }

    @Nullable public String getBucket() { return bucket; }
    public void setBucket(@Nullable String bucket) { this.bucket = bucket; }
    public String getPrefix() { return prefix; }
    public void setPrefix(String prefix) { this.prefix = prefix; }
    @Nullable public String getRegion() { return region; }
    public void setRegion(@Nullable String region) { this.region = region; }
    @Nullable public URI getEndpoint() { return endpoint; }
    public void setEndpoint(@Nullable URI endpoint) { this.endpoint = endpoint; }
    public boolean isPathStyle() { return pathStyle; }
    public void setPathStyle(boolean pathStyle) { this.pathStyle = pathStyle; }
    @Nullable public String getStorageClass() { return storageClass; }
    public void setStorageClass(@Nullable String storageClass) { this.storageClass = storageClass; }
    public Sse getSse() { return sse; }
    public void setSse(Sse sse) { this.sse = sse; }
    @Nullable public String getKmsKeyId() { return kmsKeyId; }
    public void setKmsKeyId(@Nullable String kmsKeyId) { this.kmsKeyId = kmsKeyId; }
    @Nullable public String getAcl() { return acl; }
    public void setAcl(@Nullable String acl) { this.acl = acl; }
    public boolean isLatestCopy() { return latestCopy; }
    public void setLatestCopy(boolean latestCopy) { this.latestCopy = latestCopy; }
    public ByteSize getPartSize() { return partSize; }
    public void setPartSize(ByteSize partSize) { this.partSize = partSize; }
    public RetentionMode getRetention() { return retention; }
    public void setRetention(RetentionMode retention) { this.retention = retention; }
    @Nullable public Integer getRetentionDays() { return retentionDays; }
    public void setRetentionDays(@Nullable Integer retentionDays) { this.retentionDays = retentionDays; }
    public Duration getPendingMaxAge() { return pendingMaxAge; }
    public void setPendingMaxAge(Duration pendingMaxAge) { this.pendingMaxAge = pendingMaxAge; }
    @Nullable public Checksums getChecksums() { return checksums; }
    public void setChecksums(@Nullable Checksums checksums) { this.checksums = checksums; }
    @Nullable public Path getAccessKeyIdFile() { return accessKeyIdFile; }
    public void setAccessKeyIdFile(@Nullable Path accessKeyIdFile) { this.accessKeyIdFile = accessKeyIdFile; }
    @Nullable public Path getSecretAccessKeyFile() { return secretAccessKeyFile; }
    public void setSecretAccessKeyFile(@Nullable Path secretAccessKeyFile) { this.secretAccessKeyFile = secretAccessKeyFile; }
    @Nullable public Path getSessionTokenFile() { return sessionTokenFile; }
    public void setSessionTokenFile(@Nullable Path sessionTokenFile) { this.sessionTokenFile = sessionTokenFile; }
    public Duration getRetryBase() { return retryBase; }
    public void setRetryBase(Duration retryBase) { this.retryBase = retryBase; }
    public Duration getRetryMax() { return retryMax; }
    public void setRetryMax(Duration retryMax) { this.retryMax = retryMax; }
    public long getSingleCopyLimit() { return singleCopyLimit; }
    public void setSingleCopyLimit(long singleCopyLimit) { this.singleCopyLimit = singleCopyLimit; }
}
