package io.backstop.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Where secret files for database tools live: {@code <java.io.tmpdir>/backstop-secrets-<user>/}, 0700, with one
 * subdirectory per Backstop process. Each process holds a lock on a file in its own subdirectory for as long as it
 * lives, and the kernel drops that lock when the process dies, even by SIGKILL. Every start removes the subdirectories
 * whose lock is free: those of dead processes. A process removes its own on shutdown.
 */
public final class SecretDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(SecretDirectory.class);
    private static final String LOCK = ".owner.lock";
    private static final String LIVE = "proc-";
    private static final String NEW = ".new-";
    private static Path own;
    private static FileLock ownLock;

    private SecretDirectory() {
    }

    static Path base() {
        return Path.of(System.getProperty("java.io.tmpdir"), "backstop-secrets-" + System.getProperty("user.name"));
    }

    /** This process's private directory, created on first use. */
    static synchronized Path own() throws IOException {
        if (own == null) {
            Path base = privateBase();
            Path fresh = Files.createDirectory(base.resolve(NEW + UUID.randomUUID()),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            FileChannel channel = FileChannel.open(fresh.resolve(LOCK), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            ownLock = channel.lock();
            Path live = base.resolve(LIVE + ProcessHandle.current().pid() + "-" + fresh.getFileName().toString().substring(NEW.length()));
            Files.move(fresh, live);
            own = live;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(live), "secret-directory-cleanup"));
        }
        return own;
    }

    /** Removes the secret directories of Backstop processes that are gone; returns how many. */
    public static int sweep() {
        Path base = base();
        if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base)) {
            for (Path dir : dirs) {
                if (dir.equals(own) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (ownerIsGone(dir)) {
                    delete(dir);
                    removed++;
                }
            }
        } catch (IOException e) {
            LOG.warn("could not clean {}: {}", base, e.toString());
        }
        if (removed > 0) {
            LOG.warn("removed the secret files of {} Backstop process(es) that were killed", removed);
        }
        return removed;
    }

    private static boolean ownerIsGone(Path dir) {
        Path lock = dir.resolve(LOCK);
        if (!Files.exists(lock)) {
            // a process killed while creating it, or one creating it right now: leave young ones alone
            try {
                return dir.getFileName().toString().startsWith(NEW)
                        && Files.getLastModifiedTime(dir).toMillis() < System.currentTimeMillis() - 60_000;
            } catch (IOException e) {
                return false;
            }
        }
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock free = channel.tryLock();
            if (free == null) {
                return false;
            }
            free.release();
            return true;
        } catch (OverlappingFileLockException | IOException e) {
            return false;
        }
    }

    /** The shared base, made 0700 by this user; refused when it is a link or someone else's. */
    private static Path privateBase() throws IOException {
        Path base = base();
        if (!Files.exists(base, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(base, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another process made it first
            }
        }
        Path probe = Files.createTempFile(base.getParent(), ".backstop-owner-", "");
        try {
            if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)
                    || !Files.getOwner(base, LinkOption.NOFOLLOW_LINKS).equals(Files.getOwner(probe))
                    || !"rwx------".equals(PosixFilePermissions.toString(Files.getPosixFilePermissions(base, LinkOption.NOFOLLOW_LINKS)))) {
                throw new IOException(base + " is not a private (0700) directory owned by Backstop's user; remove it");
            }
        } finally {
            Files.deleteIfExists(probe);
        }
        return base;
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", dir, e.toString());
        }
    }
}
