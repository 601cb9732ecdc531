package io.backstop.storage.s3;

import io.backstop.config.S3Config;
import io.backstop.storage.BackupFileName;
import io.backstop.storage.Manifest;
import io.backstop.storage.RemoteBackup;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Backups on S3 under {@code <prefix><target>/<file>}, each with its manifest beside it. Plain S3 operations:
 * no queue and no retries beyond the SDK's own; see {@link io.backstop.storage.OffsiteCopies} for those.
 * Uploads stream the file in parts, each checked by the server against its Content-MD5, and are aborted on
 * any failure so no parts are left behind.
 */
@Singleton
@Requires(property = "backstop.s3.bucket", pattern = S3Config.ENABLED_PATTERN)
public class S3BackupStore {
    private static final int MAX_PARTS = 10_000;

    private final S3Client s3;
    private final S3Config config;
    private final ObjectMapper json;

    public S3BackupStore(S3Client s3, S3Config config, ObjectMapper json) {
        this.s3 = s3;
        this.config = config;
        this.json = json;
    }

    public String key(String target, String fileName) {
        return config.keyPrefix() + target + "/" + fileName;
    }

    public String url(String target, String fileName) {
        return "s3://" + config.bucket() + "/" + key(target, fileName);
    }

    /** {@code s3://<bucket>/<prefix>}, for messages. */
    public String location() {
        return "s3://" + config.bucket() + "/" + config.keyPrefix();
    }

    /** Fails when the bucket does not exist or these credentials may not use it; see {@link S3Problem}. */
    public void checkAccess() {
        s3.headBucket(b -> b.bucket(config.bucket()));
    }

    /**
     * Uploads a final local backup and then its manifest (when it has one), and checks the stored size.
     *
     * @param started told the multipart upload id as soon as it exists, so it can be aborted after a crash
     */
    public void upload(String target, Path file, @Nullable Manifest manifest, Consumer<String> started) throws IOException {
        uploadFile(target, file, started);
        if (manifest != null) {
            putJson(key(target, file.getFileName().toString()) + ".manifest.json", json.writeValueAsBytes(manifest));
        }
    }

    /**
     * Uploads one shipped piece of a captured transaction log and then its manifest, under {@code <prefix><folder>/}.
     *
     * @param folder {@code <target>/<log>}, e.g. {@code shop/binlog}
     */
    public void uploadLogPiece(String folder, Path file, byte[] manifest) throws IOException {
        uploadFile(folder, file, uploadId -> { });
        putJson(key(folder, file.getFileName().toString()) + ".manifest.json", manifest);
    }

    private void uploadFile(String target, Path file, Consumer<String> started) throws IOException {
        String key = key(target, file.getFileName().toString());
        long size = Files.size(file);
        long partSize = Math.max(config.partSizeBytes(), (size + MAX_PARTS - 1) / MAX_PARTS);
        String uploadId = startMultipart(key);
        try {
            started.accept(uploadId);
            List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long offset = 0; offset < size || number == 1; offset += partSize, number++) {
                parts.add(uploadPart(key, uploadId, number, file, offset, Math.min(partSize, size - offset)));
            }
            s3.completeMultipartUpload(b -> b.bucket(config.bucket()).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (IOException | RuntimeException e) {
            try {
                abort(key, uploadId);
            } catch (RuntimeException abortFailure) {
                e.addSuppressed(abortFailure);
                throw new UploadFailedException("upload of " + key + " failed", e, uploadId);
            }
            throw new UploadFailedException("upload of " + key + " failed", e, null);
        }
        long stored = s3.headObject(b -> b.bucket(config.bucket()).key(key)).contentLength();
        if (stored != size) {
            throw new IOException(url(target, file.getFileName().toString()) + " holds " + stored
                    + " bytes after the upload, the local file " + size + "; it will be uploaded again");
        }
    }

    private void putJson(String key, byte[] manifestBytes) {
        PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(config.bucket()).key(key)
                .contentType("application/json").contentMD5(base64(md5().digest(manifestBytes)));
        applyEncryption(put::serverSideEncryption, put::ssekmsKeyId);
        if (config.aclOrNull() != null) {
            put.acl(ObjectCannedACL.fromValue(config.aclOrNull()));
        }
        s3.putObject(put.build(), RequestBody.fromBytes(manifestBytes));
    }

    /** Starts a multipart upload with the configured encryption, storage class and ACL. */
    private String startMultipart(String key) {
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder().bucket(config.bucket()).key(key)
                .contentType("application/gzip");
        applyEncryption(create::serverSideEncryption, create::ssekmsKeyId);
        if (config.storageClassOrNull() != null) {
            create.storageClass(config.storageClassOrNull());
        }
        if (config.aclOrNull() != null) {
            create.acl(ObjectCannedACL.fromValue(config.aclOrNull()));
        }
        return s3.createMultipartUpload(create.build()).uploadId();
    }

    private CompletedPart uploadPart(String key, String uploadId, int number, Path file, long offset, long length)
            throws IOException {
        String md5 = base64(digest(file, offset, length));
        String eTag = s3.uploadPart(b -> b.bucket(config.bucket()).key(key).uploadId(uploadId).partNumber(number)
                        .contentLength(length).contentMD5(md5),
                RequestBody.fromContentProvider(() -> {
                    try {
                        return new FileRange(file, offset, length);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, length, "application/octet-stream")).eTag();
        return CompletedPart.builder().partNumber(number).eTag(eTag).build();
    }

    /** Aborts a multipart upload; one that S3 no longer knows counts as aborted. */
    public void abort(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(config.bucket()).key(key).uploadId(uploadId));
        } catch (software.amazon.awssdk.services.s3.model.NoSuchUploadException gone) {
            // already aborted or completed
        }
    }

    /** The target's backups on S3, oldest first. Objects that do not follow Backstop's naming are left out. */
    public List<RemoteBackup> list(String target) {
        List<RemoteBackup> backups = new ArrayList<>();
        for (StoredObject object : listFolder(target)) {
            BackupFileName.parse(target, object.name()).ifPresent(parsed -> backups.add(new RemoteBackup(target, parsed.part(),
                    object.name(), key(target, object.name()), parsed.startedAt(), object.size())));
        }
        backups.sort(Comparator.comparing(RemoteBackup::startedAt).thenComparing(RemoteBackup::fileName));
        return backups;
    }

    /** An object in a folder, by name, with its size and the time S3 stored it. */
    public record StoredObject(String name, long size, Instant lastModified) {
    }

    /**
     * The objects directly in {@code <prefix><folder>/}, without the manifests beside them; the delimiter leaves out
     * deeper folders (a target's {@code binlog/} below its backups).
     */
    public List<StoredObject> listFolder(String folder) {
        String prefix = config.keyPrefix() + folder + "/";
        List<StoredObject> objects = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(config.bucket()).prefix(prefix).delimiter("/")).contents()) {
            String name = object.key().substring(prefix.length());
            if (!name.endsWith(".manifest.json")) {
                objects.add(new StoredObject(name, object.size(), object.lastModified()));
            }
        }
        return objects;
    }

    /** Deletes an object of {@code <prefix><folder>/} and the manifest beside it. */
    public void deleteFromFolder(String folder, String name) {
        deleteWithManifest(key(folder, name));
    }

    /** The manifest beside an object, as bytes; empty when there is none. */
    public Optional<byte[]> manifestBytes(String folder, String name) throws IOException {
        try (InputStream in = s3.getObject(b -> b.bucket(config.bucket()).key(key(folder, name) + ".manifest.json"))) {
            return Optional.of(in.readAllBytes());
        } catch (NoSuchKeyException missing) {
            return Optional.empty();
        }
    }

    /** Deletes a backup and its manifest from S3. */
    public void delete(RemoteBackup backup) {
        deleteWithManifest(backup.key());
    }

    private void deleteWithManifest(String key) {
        s3.deleteObject(b -> b.bucket(config.bucket()).key(key));
        s3.deleteObject(b -> b.bucket(config.bucket()).key(key + ".manifest.json"));
    }

    /**
     * Points {@code latest[.<part>].<ext>.<codec>} at this backup by a server-side copy; the data does not
     * pass through Backstop. Above S3's 5 GiB limit for one copy request, the copy is made in parts.
     */
    public void copyToLatest(RemoteBackup backup) {
        String latest = config.keyPrefix() + backup.target() + "/"
                + BackupFileName.parse(backup.target(), backup.fileName()).orElseThrow().latestName();
        if (backup.size() > config.singleCopyLimit()) {
            copyInParts(backup, latest);
            return;
        }
        CopyObjectRequest.Builder copy = CopyObjectRequest.builder().sourceBucket(config.bucket()).sourceKey(backup.key())
                .destinationBucket(config.bucket()).destinationKey(latest);
        applyEncryption(copy::serverSideEncryption, copy::ssekmsKeyId);
        if (config.storageClassOrNull() != null) {
            copy.storageClass(config.storageClassOrNull());
        }
        if (config.aclOrNull() != null) {
            copy.acl(ObjectCannedACL.fromValue(config.aclOrNull()));
        }
        s3.copyObject(copy.build());
    }

    private void copyInParts(RemoteBackup backup, String latest) {
        String uploadId = startMultipart(latest);
        try {
            long partSize = Math.max(config.singleCopyLimit(), (backup.size() + MAX_PARTS - 1) / MAX_PARTS);
            List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long offset = 0; offset < backup.size(); offset += partSize, number++) {
                String range = "bytes=" + offset + "-" + (Math.min(offset + partSize, backup.size()) - 1);
                int partNumber = number;
                String eTag = s3.uploadPartCopy(b -> b.sourceBucket(config.bucket()).sourceKey(backup.key())
                        .destinationBucket(config.bucket()).destinationKey(latest).uploadId(uploadId)
                        .partNumber(partNumber).copySourceRange(range)).copyPartResult().eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(eTag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(config.bucket()).key(latest).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            try {
                abort(latest, uploadId);
            } catch (RuntimeException abortFailure) {
                e.addSuppressed(abortFailure);
            }
            throw e;
        }
    }

    /** The manifest stored beside a backup on S3, if there is one. */
    public Optional<Manifest> manifest(String target, String fileName) throws IOException {
        Optional<byte[]> bytes = manifestBytes(target, fileName);
        return bytes.isEmpty() ? Optional.empty() : Optional.of(json.readValue(bytes.get(), Manifest.class));
    }

    /** Streams a backup from S3 into {@code destination}; empty when there is no such object. */
    public boolean download(String target, String fileName, OutputStream destination) throws IOException {
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(config.bucket()).key(key(target, fileName)))) {
            in.transferTo(destination);
            return true;
        } catch (NoSuchKeyException missing) {
            return false;
        }
    }

    private void applyEncryption(Consumer<ServerSideEncryption> sse, Consumer<String> kmsKey) {
        switch (config.sseMode()) {
            case AES256 -> sse.accept(ServerSideEncryption.AES256);
            case KMS -> {
                sse.accept(ServerSideEncryption.AWS_KMS);
                kmsKey.accept(config.kmsKeyIdOrNull());
            }
            case NONE -> { }
        }
    }

    private static byte[] digest(Path file, long offset, long length) throws IOException {
        MessageDigest md5 = md5();
        try (InputStream in = new FileRange(file, offset, length)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md5.update(buffer, 0, n);
            }
        }
        return md5.digest();
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
