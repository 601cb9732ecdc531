package io.backstop.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The optional off-site copy on S3 or an S3-compatible service, enabled by {@code S3_BUCKET}. Values stay
 * text as the operator wrote them and are parsed here, so every problem names its environment variable.
 */
@ConfigurationProperties("backstop.s3")
public class S3Config {
    public static final String ENABLED_PATTERN = ".*\\S.*";
    private static final long MIN_PART_SIZE = 5L << 20;
    private static final long MAX_PART_SIZE = 5L << 30;
    private static final Pattern SIZE = Pattern.compile("(?i)\\s*(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\\s*");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Set<String> PUBLIC_ACLS = Set.of("public-read", "public-read-write", "authenticated-read",
            "aws-exec-read");
    private static final Set<String> PRIVATE_ACLS = Set.of("private", "bucket-owner-full-control", "bucket-owner-read");

    public enum Sse { AES256, KMS, NONE }

    public enum RetentionMode { DAYS, LIFECYCLE }

    @Nullable private String bucket;
    private String prefix = "backstop/";
    @Nullable private String region;
    @Nullable private String endpoint;
    private String pathStyle = "false";
    @Nullable private String storageClass;
    private String sse = "AES256";
    @Nullable private String kmsKeyId;
    @Nullable private String acl;
    private String latestCopy = "false";
    private String partSize = "16MiB";
    private String retention = "days";
    @Nullable private String retentionDays;
    private String pendingMaxAge = "24h";
    @Nullable private String checksums;
    @Nullable private String accessKeyIdFile;
    @Nullable private String secretAccessKeyFile;
    @Nullable private String sessionTokenFile;
    private Duration retryBase = Duration.ofSeconds(30);
    private Duration retryMax = Duration.ofHours(1);

    public boolean enabled() {
        return bucket != null && !bucket.isBlank();
    }

    /** Every problem with the settings, one line each naming its variable; empty when S3 is off. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!enabled()) {
            return problems;
        }
        if (!BUCKET.matcher(bucket.trim()).matches()) {
            problems.add("S3_BUCKET (backstop.s3.bucket): '" + bucket + "' is not a valid bucket name (3-63 lower-case letters, digits, '.', '-')");
        }
        if (endpoint != null && !endpoint.isBlank()) {
            try {
                URI uri = URI.create(endpoint.trim());
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    problems.add("S3_ENDPOINT (backstop.s3.endpoint): must be an http:// or https:// URL with a host, was '" + endpoint + "'");
                }
            } catch (IllegalArgumentException e) {
                problems.add("S3_ENDPOINT (backstop.s3.endpoint): not a URL: " + e.getMessage());
            }
        }
        parseBoolean(pathStyle, "S3_PATH_STYLE (backstop.s3.path-style)", problems);
        parseBoolean(latestCopy, "S3_LATEST_COPY (backstop.s3.latest-copy)", problems);
        Sse mode = parseSse(problems);
        if (mode == Sse.KMS && (kmsKeyId == null || kmsKeyId.isBlank())) {
            problems.add("S3_KMS_KEY_ID (backstop.s3.kms-key-id): required when S3_SSE=aws:kms");
        }
        if (mode != Sse.KMS && kmsKeyId != null && !kmsKeyId.isBlank()) {
            problems.add("S3_KMS_KEY_ID (backstop.s3.kms-key-id): set, but S3_SSE is '" + sse + "'; set S3_SSE=aws:kms to use the key");
        }
        if (acl != null && !acl.isBlank()) {
            String a = acl.trim().toLowerCase(Locale.ROOT);
            if (PUBLIC_ACLS.contains(a)) {
                problems.add("S3_ACL (backstop.s3.acl): '" + acl + "' would make database backups readable by others; refused."
                        + " Use private or bucket-owner-full-control, or leave it unset");
            } else if (!PRIVATE_ACLS.contains(a)) {
                problems.add("S3_ACL (backstop.s3.acl): unknown canned ACL '" + acl + "'; one of " + PRIVATE_ACLS);
            }
        }
        if (storageClass != null && !storageClass.isBlank()
                && software.amazon.awssdk.services.s3.model.StorageClass.fromValue(storageClass.trim())
                == software.amazon.awssdk.services.s3.model.StorageClass.UNKNOWN_TO_SDK_VERSION) {
            problems.add("S3_STORAGE_CLASS (backstop.s3.storage-class): unknown storage class '" + storageClass
                    + "'; e.g. STANDARD, STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR");
        }
        long part = parseSize(partSize, "S3_PART_SIZE (backstop.s3.part-size)", problems);
        if (part >= 0 && (part < MIN_PART_SIZE || part > MAX_PART_SIZE)) {
            problems.add("S3_PART_SIZE (backstop.s3.part-size): must be between 5MiB and 5GiB (S3's limits), was " + partSize);
        }
        parseRetentionMode(problems);
        if (retentionDays != null && !retentionDays.isBlank()) {
            try {
                if (Integer.parseInt(retentionDays.trim()) < 0) {
                    problems.add("S3_RETENTION_DAYS (backstop.s3.retention-days): must be 0 or more days, was " + retentionDays);
                }
            } catch (NumberFormatException e) {
                problems.add("S3_RETENTION_DAYS (backstop.s3.retention-days): not a number of days: '" + retentionDays + "'");
            }
        }
        parseDuration(pendingMaxAge, "S3_PENDING_MAX_AGE (backstop.s3.pending-max-age)", problems);
        if (checksums != null && !checksums.isBlank() && !Set.of("when_required", "when_supported")
                .contains(checksums.trim().toLowerCase(Locale.ROOT))) {
            problems.add("S3_CHECKSUMS (backstop.s3.checksums): one of when_required, when_supported; was '" + checksums + "'");
        }
        checkFile(accessKeyIdFile, "AWS_ACCESS_KEY_ID_FILE", problems);
        checkFile(secretAccessKeyFile, "AWS_SECRET_ACCESS_KEY_FILE", problems);
        checkFile(sessionTokenFile, "AWS_SESSION_TOKEN_FILE", problems);
        if (isSet(accessKeyIdFile) != isSet(secretAccessKeyFile)) {
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
    @Nullable public URI endpointOrNull() { return isSet(endpoint) ? URI.create(endpoint.trim()) : null; }
    public boolean pathStyle() { return Boolean.parseBoolean(pathStyle.trim()); }
    @Nullable public String storageClassOrNull() { return isSet(storageClass) ? storageClass.trim() : null; }
    public Sse sseMode() { return parseSse(new ArrayList<>()); }
    @Nullable public String kmsKeyIdOrNull() { return isSet(kmsKeyId) ? kmsKeyId.trim() : null; }
    @Nullable public String aclOrNull() { return isSet(acl) ? acl.trim().toLowerCase(Locale.ROOT) : null; }
    public boolean latestCopy() { return Boolean.parseBoolean(latestCopy.trim()); }
    public long partSizeBytes() { return parseSize(partSize, "", new ArrayList<>()); }
    public RetentionMode retentionMode() { return parseRetentionMode(new ArrayList<>()); }
    public int retentionDays(int localRetentionDays) {
        return isSet(retentionDays) ? Integer.parseInt(retentionDays.trim()) : localRetentionDays;
    }
    public Duration pendingMaxAgeDuration() { return parseDuration(pendingMaxAge, "", new ArrayList<>()); }

    /** SDK flexible checksums only where asked or on AWS itself: many S3-compatible servers reject them. */
    public boolean sdkChecksums() {
        return isSet(checksums) ? "when_supported".equalsIgnoreCase(checksums.trim()) : !isSet(endpoint);
    }

    @Nullable public Path accessKeyIdFile() { return isSet(accessKeyIdFile) ? Path.of(accessKeyIdFile.trim()) : null; }
    @Nullable public Path secretAccessKeyFile() { return isSet(secretAccessKeyFile) ? Path.of(secretAccessKeyFile.trim()) : null; }
    @Nullable public Path sessionTokenFile() { return isSet(sessionTokenFile) ? Path.of(sessionTokenFile.trim()) : null; }
    public Duration retryBase() { return retryBase; }
    public Duration retryMax() { return retryMax; }

    private Sse parseSse(List<String> problems) {
        String value = sse == null ? "" : sse.trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "aes256", "" -> { return Sse.AES256; }
            case "aws:kms", "kms" -> { return Sse.KMS; }
            case "none", "off" -> { return Sse.NONE; }
            default -> {
                problems.add("S3_SSE (backstop.s3.sse): one of AES256, aws:kms, none; was '" + sse + "'");
                return Sse.AES256;
            }
        }
    }

    private RetentionMode parseRetentionMode(List<String> problems) {
        String value = retention == null ? "" : retention.trim().toLowerCase(Locale.ROOT);
        if (value.equals("lifecycle")) {
            return RetentionMode.LIFECYCLE;
        }
        if (!value.equals("days") && !value.isEmpty()) {
            problems.add("S3_RETENTION (backstop.s3.retention): 'days' (Backstop deletes after S3_RETENTION_DAYS) or"
                    + " 'lifecycle' (a bucket lifecycle rule does); was '" + retention + "'");
        }
        return RetentionMode.DAYS;
    }

    private static void parseBoolean(String value, String key, List<String> problems) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            problems.add(key + ": true or false, was '" + value + "'");
        }
    }

    static long parseSize(String value, String key, List<String> problems) {
        Matcher m = SIZE.matcher(value == null ? "" : value);
        if (!m.matches()) {
            problems.add(key + ": a size such as 16MiB or 8388608, was '" + value + "'");
            return -1;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        int shift = switch (unit.charAt(0)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        return n << shift;
    }

    private static Duration parseDuration(String value, String key, List<String> problems) {
        Matcher m = Pattern.compile("(?i)\\s*(\\d+)\\s*(s|m|h|d)\\s*").matcher(value == null ? "" : value);
        if (!m.matches()) {
            problems.add(key + ": a duration such as 30m, 24h or 2d, was '" + value + "'");
            return Duration.ofHours(24);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static void checkFile(@Nullable String file, String variable, List<String> problems) {
        if (isSet(file) && !Files.isReadable(Path.of(file.trim()))) {
            problems.add(variable + ": cannot read " + file.trim());
        }
    }

    private static boolean isSet(@Nullable String value) {
        return value != null && !value.isBlank();
    }

    public void setBucket(@Nullable String bucket) { this.bucket = bucket; }
    public void setPrefix(String prefix) { this.prefix = prefix; }
    public void setRegion(@Nullable String region) { this.region = region; }
    public void setEndpoint(@Nullable String endpoint) { this.endpoint = endpoint; }
    public void setPathStyle(String pathStyle) { this.pathStyle = pathStyle; }
    public void setStorageClass(@Nullable String storageClass) { this.storageClass = storageClass; }
    public void setSse(String sse) { this.sse = sse; }
    public void setKmsKeyId(@Nullable String kmsKeyId) { this.kmsKeyId = kmsKeyId; }
    public void setAcl(@Nullable String acl) { this.acl = acl; }
    public void setLatestCopy(String latestCopy) { this.latestCopy = latestCopy; }
    public void setPartSize(String partSize) { this.partSize = partSize; }
    public void setRetention(String retention) { this.retention = retention; }
    public void setRetentionDays(@Nullable String retentionDays) { this.retentionDays = retentionDays; }
    public void setPendingMaxAge(String pendingMaxAge) { this.pendingMaxAge = pendingMaxAge; }
    public void setChecksums(@Nullable String checksums) { this.checksums = checksums; }
    public void setAccessKeyIdFile(@Nullable String accessKeyIdFile) { this.accessKeyIdFile = accessKeyIdFile; }
    public void setSecretAccessKeyFile(@Nullable String secretAccessKeyFile) { this.secretAccessKeyFile = secretAccessKeyFile; }
    public void setSessionTokenFile(@Nullable String sessionTokenFile) { this.sessionTokenFile = sessionTokenFile; }
    public void setRetryBase(Duration retryBase) { this.retryBase = retryBase; }
    public void setRetryMax(Duration retryMax) { this.retryMax = retryMax; }
}
