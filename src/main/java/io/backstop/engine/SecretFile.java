package io.backstop.engine;

import io.backstop.KillPoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Credentials for one run of a database tool, in a 0600 file inside a private 0700 directory of this process's
 * {@link SecretDirectory}, so a password never appears in argv or the environment. Deleted on close, whether the run
 * succeeded or not; what a killed process left is removed by the next start.
 */
public final class SecretFile implements AutoCloseable {
    private final Path dir;
    private final Path file;

    private SecretFile(Path dir, Path file) {
        this.dir = dir;
        this.file = file;
    }

    public static SecretFile write(String purpose, String fileName, String content) throws IOException {
        Path dir = Files.createTempDirectory(SecretDirectory.own(), purpose + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path file = Files.createFile(dir.resolve(fileName),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            new SecretFile(dir, file).close();
            throw e;
        }
        KillPoint.reached("secret-written");
        return new SecretFile(dir, file);
    }

    public Path path() {
        return file;
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
