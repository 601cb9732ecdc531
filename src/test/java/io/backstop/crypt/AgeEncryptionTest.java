package io.backstop.crypt;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Verification;
import io.backstop.config.ConfigurationProblems;
import io.backstop.restore.RestoreException;
import io.backstop.restore.RestoreRequest;
import io.backstop.restore.RestoreService;
import io.backstop.storage.LocalBackupStore;
import io.backstop.storage.Manifest;
import io.backstop.support.Daemons;
import io.backstop.support.MariaDb;
import io.backstop.support.S3Fixture;
import io.backstop.support.S3Server;
import io.backstop.support.StockTools;
import io.backstop.verify.Level;
import io.backstop.verify.VerificationService;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backups encrypted with age to a public key: the daemon that writes them holds no private key, the stock {@code age}
 * tool decrypts them, Backstop restores what stock {@code age} encrypted, a wrong key or damaged file fails before the
 * database is touched, and the plaintext is on neither the volume nor the bucket.
 */
class AgeEncryptionTest {
    @TempDir
    Path tmp;
    final List<String> databases = new ArrayList<>();
    String db;
    String marker;
    Path identity;
    String recipient;

    @BeforeEach
    void keysAndDatabase() throws Exception {
        identity = tmp.resolve("key.txt");
        recipient = StockTools.ageKeygen(identity);
        marker = "PLAINTEXT-MARKER-" + UUID.randomUUID();
        db = newDatabase();
        try (Connection c = MariaDb.root(db); Statement s = c.createStatement()) {
            s.execute("SET SESSION max_recursive_iterations = 1000000");
            s.execute("CREATE TABLE secrets (id INT PRIMARY KEY, v VARCHAR(200))");
            s.execute("INSERT INTO secrets WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000)"
                    + " SELECT i, CONCAT(SHA2(i, 256), ' ', IF(i % 1000 = 0, '" + marker + "', '')) FROM n");
        }
    }

    @AfterEach
    void drop() {
        MariaDb.drop(databases.toArray(String[]::new));
    }

    private String newDatabase() throws Exception {
        String name = MariaDb.newDatabase();
        databases.add(name);
        return name;
    }

    private Map<String, Object> config(boolean withIdentity, S3Server s3) {
        Map<String, Object> config = new HashMap<>(MariaDb.target(tmp.resolve("backups"), "shop", db, "root", ""));
        config.put("backstop.encrypt.recipients", recipient);
        if (withIdentity) {
            config.put("backstop.decrypt.identity-file", identity.toString());
        }
        if (s3 != null) {
            config.putAll(S3Fixture.settings(s3));
        }
        return config;
    }

    @Test
    void theStockAgeToolAndBackstopReadEachOthersFilesAndNoPlaintextIsStored() throws Exception {
        Map<String, String> original = new HashMap<>();
        MariaDb.checksums(db).forEach((t, sum) -> original.put(t, String.valueOf(sum)));
        BackupRun run;
        Path file;
        try (S3Server s3 = new S3Server(); S3Client bucket = S3Fixture.client(s3)) {
            bucket.createBucket(b -> b.bucket(S3Fixture.BUCKET));
            try (ApplicationContext ctx = Daemons.start(config(false, s3))) {
                run = Daemons.backUp(ctx, "shop");
                file = tmp.resolve("backups/shop").resolve(run.file());
                assertTrue(run.file().endsWith("." + db + ".sql.gz.age"), run.file());
                Manifest manifest = ctx.getBean(LocalBackupStore.class).manifestFor(file).orElseThrow();
                assertEquals("gz.age", manifest.codec());
                assertEquals(new Manifest.Encryption("age-encryption.org/v1", List.of(recipient)), manifest.encryption());

                long deadline = System.currentTimeMillis() + 30_000;
                while (!S3Fixture.keys(bucket).contains("backstop/shop/" + run.file()) && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                List<Verification> quick = ctx.getBean(VerificationService.class).verify(String.valueOf(run.id()), Level.QUICK);
                assertTrue(quick.get(0).passed(), "quick verification checks the stored file's SHA-256 without a key: " + quick);
                List<Verification> full = ctx.getBean(VerificationService.class).verify(String.valueOf(run.id()), Level.FULL);
                assertFalse(full.get(0).passed());
                assertTrue(full.get(0).error().contains("BACKUP_DECRYPT_IDENTITY_FILE"), full.get(0).error());

                RestoreException keyless = assertThrows(RestoreException.class, () -> ctx.getBean(RestoreService.class)
                        .restoreAll(new RestoreRequest(String.valueOf(run.id()), null, db + "_x", false, false, null, false)));
                assertTrue(keyless.getMessage().contains("BACKUP_DECRYPT_IDENTITY_FILE"), keyless.getMessage());
                assertEquals(0, MariaDb.scalar("", "SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '"
                        + db + "_x'"), "nothing was created");
            }
            List<String> keys = S3Fixture.keys(bucket);
            assertTrue(keys.contains("backstop/shop/" + run.file()), keys.toString());
            for (String key : keys) {
                byte[] object = bucket.getObject(b -> b.bucket(S3Fixture.BUCKET).key(key), ResponseTransformer.toBytes()).asByteArray();
                assertFalse(holdsMarker(object), "plaintext in s3://" + key);
            }
        }
        try (Stream<Path> files = Files.walk(tmp.resolve("backups"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(holdsMarker(Files.readAllBytes(f)), "plaintext on the volume: " + f);
            }
        }

        byte[] decrypted = StockTools.run(List.of("age", "-d", "-i", identity.toString(), file.toString()), null);
        String stock = newDatabase();
        StockTools.run(List.of("sh", "-c", "gunzip | mysql -h127.0.0.1 -uroot " + stock), decrypted);
        assertEquals(MariaDb.checksums(db), MariaDb.checksums(stock), "age -d | gunzip | mysql restores it without Backstop");

        try (ApplicationContext ctx = Daemons.start(config(true, null))) {
            RestoreService restores = ctx.getBean(RestoreService.class);
            String copy = db + "_r";
            databases.add(copy);
            restores.restoreAll(new RestoreRequest(String.valueOf(run.id()), null, copy, false, false, null, false));
            assertEquals(MariaDb.checksums(db), MariaDb.checksums(copy), "backstop restore with the identity file");

            Path byHand = tmp.resolve("hand").resolve("shop_backup_20200101_000000." + db + ".sql.gz.age");
            Files.createDirectories(byHand.getParent());
            Path plainGz = tmp.resolve("plain.sql.gz");
            Files.write(plainGz, decrypted);
            StockTools.run(List.of("age", "-r", recipient, "-o", byHand.toString(), plainGz.toString()), null);
            String fromHand = db + "_h";
            databases.add(fromHand);
            restores.restoreAll(new RestoreRequest(byHand.toString(), "shop", fromHand, false, true, null, false));
            assertEquals(MariaDb.checksums(db), MariaDb.checksums(fromHand), "a file encrypted by stock age -r restores");

            List<Verification> full = ctx.getBean(VerificationService.class).verify(String.valueOf(run.id()), Level.FULL);
            assertTrue(full.get(0).passed(), full.toString());
        }
    }

    @Test
    void aWrongKeyACutFileOrAChangedByteFailsBeforeTheDatabaseIsTouched() throws Exception {
        BackupRun run;
        Path file;
        try (ApplicationContext ctx = Daemons.start(config(false, null))) {
            run = Daemons.backUp(ctx, "shop");
            file = tmp.resolve("backups/shop").resolve(run.file());
        }
        byte[] good = Files.readAllBytes(file);
        Path other = tmp.resolve("other-key.txt");
        StockTools.ageKeygen(other);
        // a name neither the catalog nor a manifest knows: only age's own authentication can find the damage
        Path loose = tmp.resolve("loose").resolve("shop_backup_20200101_000000." + db + ".sql.gz.age");
        Files.createDirectories(loose.getParent());

        Map<String, byte[]> damaged = new HashMap<>();
        damaged.put("cut short", java.util.Arrays.copyOf(good, good.length - 1000));
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x01;
        damaged.put("a changed byte", flipped);
        for (Map.Entry<String, byte[]> d : damaged.entrySet()) {
            Files.write(loose, d.getValue());
            assertRefused(config(true, null), loose, "does not decrypt to its end", d.getKey());
        }
        Files.write(loose, good);
        Map<String, Object> wrongKey = config(true, null);
        wrongKey.put("backstop.decrypt.identity-file", other.toString());
        assertRefused(wrongKey, loose, "no identity in it matches a recipient", "the wrong identity");

        Files.write(file, flipped);
        try (ApplicationContext ctx = Daemons.start(config(true, null))) {
            RestoreException e = assertThrows(RestoreException.class, () -> ctx.getBean(RestoreService.class).restoreAll(
                    new RestoreRequest(String.valueOf(run.id()), null, db + "_f", false, false, null, false)));
            assertTrue(e.getMessage().contains("SHA-256"), "with its manifest, the checksum finds the change first: " + e.getMessage());
        }
    }

    private void assertRefused(Map<String, Object> config, Path file, String cause, String what) throws Exception {
        String destination = db + "_d";
        try (ApplicationContext ctx = Daemons.start(config)) {
            RestoreException e = assertThrows(RestoreException.class, () -> ctx.getBean(RestoreService.class).restoreAll(
                    new RestoreRequest(file.toString(), "shop", destination, false, true, null, false)), what);
            assertTrue(e.getMessage().contains(cause), what + ": " + e.getMessage());
        }
        assertEquals(0, MariaDb.scalar("", "SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '"
                + destination + "'"), what + ": the database was not even created");
    }

    @Test
    void badKeysAndAnIdentityFileOthersCanReadStopTheStart() throws Exception {
        Files.setPosixFilePermissions(identity, PosixFilePermissions.fromString("rw-r--r--"));
        Map<String, Object> config = config(true, null);
        config.put("backstop.encrypt.recipients", recipient + ", age1notakey");
        RuntimeException failure = assertThrows(RuntimeException.class, () -> Daemons.start(config).close());
        List<String> problems = ConfigurationProblems.findIn(failure).orElseThrow().problems();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("BACKUP_ENCRYPT_RECIPIENTS (backstop.encrypt.recipients): 'age1notakey' is not"
                + " an age X25519 public key"), problems.get(0));
        assertTrue(problems.get(1).startsWith("BACKUP_DECRYPT_IDENTITY_FILE (backstop.decrypt.identity-file): " + identity
                + " is readable or writable by others (rw-r--r--); it holds a private key: chmod 600"), problems.get(1));
    }

    /** The marker in the bytes, or in what they decompress to when they are gzip. */
    private boolean holdsMarker(byte[] bytes) {
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        if (io.backstop.support.ProcFiles.contains(bytes, needle)) {
            return true;
        }
        if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                return io.backstop.support.ProcFiles.contains(in.readAllBytes(), needle);
            } catch (IOException notGzip) {
                return false;
            }
        }
        return false;
    }
}
