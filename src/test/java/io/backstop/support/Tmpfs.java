package io.backstop.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A small tmpfs mounted by the test (needs root, as in CI) to make a real full or read-only volume. */
public final class Tmpfs implements AutoCloseable {
    private final Path mountPoint;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    public static Tmpfs mount(Path mountPoint, String size) throws Exception {
        Files.createDirectories(mountPoint);
        int rc = run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs", mountPoint.toString());
        assumeTrue(rc == 0, "mounting a tmpfs needs root; run the suite as root (CI does) to cover full and read-only volumes");
        return new Tmpfs(mountPoint);
    }

    public void remountReadOnly() throws Exception {
        if (run("mount", "-o", "remount,ro", mountPoint.toString()) != 0) {
            throw new IllegalStateException("cannot remount " + mountPoint + " read-only");
        }
    }

    @Override
    public void close() throws Exception {
        run("umount", "-l", mountPoint.toString());
    }

    private static int run(String... command) throws Exception {
        return new ProcessBuilder(List.of(command)).inheritIO().start().waitFor();
    }
}
