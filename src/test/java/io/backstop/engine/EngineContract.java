package io.backstop.engine;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.backstop.catalog.BackupRun;
import io.backstop.catalog.RunStatus;
import io.backstop.config.Targets;
import io.backstop.restore.RestoreException;
import io.backstop.restore.RestoreRequest;
import io.backstop.restore.RestoreService;
import io.backstop.schedule.RunCoordinator;
import io.backstop.schedule.Trigger;
import io.backstop.support.ProcFiles;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every engine must do, run against each engine's real database by a subclass that supplies the fixture (restic's
 * shared backend tests are the model): a round trip gives back what was backed up; a failed or empty dump is a failed
 * run that leaves no file; the secret appears in no process's argv or environment, no log line, no catalog record and no
 * manifest; a restore refuses a destination that holds data unless forced. A new engine gets these by extending it.
 */
public abstract class EngineContract {
    protected static final String TARGET = "contract";

    @TempDir
    protected Path tmp;

    /** The target {@value TARGET} over a source with sample data, backed up into {@code backupDir}. */
    protected abstract Map<String, Object> config(Path backupDir) throws Exception;

    /** What the source holds, comparable with {@link #snapshotOf} a restored copy. */
    protected abstract Map<String, String> snapshotOfSource() throws Exception;

    /** A destination that does not exist yet: a database name, or a file path for SQLite. */
    protected abstract String newDestination() throws Exception;

    protected abstract Map<String, String> snapshotOf(String destination) throws Exception;

    /** Puts data of its own into the destination. */
    protected abstract void fill(String destination) throws Exception;

    /** Changes the configuration so that the dump itself fails. */
    protected abstract void breakDump(Map<String, Object> config) throws Exception;

    /** Changes the configuration so that the dump succeeds but gives nothing. */
    protected abstract void emptyDump(Map<String, Object> config) throws Exception;

    /** The secret the configuration holds; empty for engines without credentials. */
    protected abstract Optional<String> secret();

    /** Text in the command line of the engine's tool processes, when it runs any, so the scan must see one. */
    protected abstract Optional<String> toolProcess();

    @AfterEach
    protected void cleanUp() throws Exception {
    }

    @Test
    void aRestoredCopyEqualsTheSource() throws Exception {
        Map<String, Object> config = config(tmp.resolve("backups"));
        Map<String, String> original = snapshotOfSource();
        try (ApplicationContext ctx = ApplicationContext.run(config, "test")) {
            BackupRun run = backUp(ctx);
            assertEquals(RunStatus.SUCCEEDED, run.status(), run.error());
            String destination = newDestination();
            restore(ctx, run, destination, false);
            assertEquals(original, snapshotOf(destination));
        }
    }

    @Test
    void aFailedDumpIsAFailedRunThatLeavesNoFile() throws Exception {
        assertFailsLeavingTheGoodBackup(this::breakDump);
    }

    @Test
    void anEmptyDumpIsAFailedRunThatLeavesNoFile() throws Exception {
        assertFailsLeavingTheGoodBackup(this::emptyDump);
    }

    @Test
    void aRestoreRefusesADestinationWithDataUnlessForced() throws Exception {
        Map<String, Object> config = config(tmp.resolve("backups"));
        Map<String, String> original = snapshotOfSource();
        try (ApplicationContext ctx = ApplicationContext.run(config, "test")) {
            BackupRun run = backUp(ctx);
            assertEquals(RunStatus.SUCCEEDED, run.status(), run.error());
            String destination = newDestination();
            fill(destination);
            Map<String, String> before = snapshotOf(destination);
            RestoreException refused = assertThrows(RestoreException.class, () -> restore(ctx, run, destination, false));
            assertTrue(refused.getMessage().contains("--force"), refused.getMessage());
            assertEquals(before, snapshotOf(destination), "a refused restore changes nothing");
            restore(ctx, run, destination, true);
            assertEquals(original, snapshotOf(destination));
        }
    }

    @Test
    void theSecretAppearsInNoProcessLogCatalogOrManifest() throws Exception {
        Assumptions.assumeTrue(secret().isPresent(), "this engine has no credentials");
        byte[] secret = secret().get().getBytes(StandardCharsets.UTF_8);
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Level level = root.getLevel();
        List<String> leaks = new CopyOnWriteArrayList<>();
        List<String> toolsSeen = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread scanner = new Thread(() -> {
            while (running.get()) {
                scanProcesses(secret, toolProcess(), leaks, toolsSeen);
            }
        }, "secret-scan");
        root.addAppender(logs);
        root.setLevel(Level.DEBUG);
        try (ApplicationContext ctx = ApplicationContext.run(config(tmp.resolve("backups")), "test")) {
            scanner.start();
            BackupRun good = backUp(ctx);
            running.set(false);
            scanner.join();
            assertEquals(RunStatus.SUCCEEDED, good.status(), good.error());
            assertFalse(good.toString().contains(secret().get()), "catalog record");
        } finally {
            running.set(false);
            root.detachAppender(logs);
            root.setLevel(level);
        }
        Map<String, Object> broken = config(tmp.resolve("backups"));
        breakDump(broken);
        try (ApplicationContext ctx = ApplicationContext.run(broken, "test")) {
            BackupRun failed = backUp(ctx);
            assertEquals(RunStatus.FAILED, failed.status());
            assertFalse(failed.error().contains(secret().get()), "a failed run's error: " + failed.error());
        }
        assertEquals(List.of(), leaks, "the secret in a process's argv or environment");
        toolProcess().ifPresent(tool -> assertFalse(toolsSeen.isEmpty(), "the scan saw a " + tool + " process"));
        for (ILoggingEvent event : logs.list) {
            assertFalse(event.getFormattedMessage().contains(secret().get()), "log line: " + event.getFormattedMessage());
        }
        assertFalse(logs.list.isEmpty(), "logs were captured");
        try (Stream<Path> files = Files.walk(tmp.resolve("backups"))) {
            for (Path manifest : files.filter(f -> f.toString().endsWith(".manifest.json")).toList()) {
                assertFalse(Files.readString(manifest).contains(secret().get()), "manifest " + manifest);
            }
        }
    }

    private void assertFailsLeavingTheGoodBackup(ThrowingConsumer breakage) throws Exception {
        Map<String, Object> config = config(tmp.resolve("backups"));
        List<String> goodFiles;
        try (ApplicationContext ctx = ApplicationContext.run(config, "test")) {
            BackupRun good = backUp(ctx);
            assertEquals(RunStatus.SUCCEEDED, good.status(), good.error());
            goodFiles = files();
        }
        Thread.sleep(1000); // a later run gets a later file name
        breakage.accept(config);
        try (ApplicationContext ctx = ApplicationContext.run(config, "test")) {
            BackupRun failed = backUp(ctx);
            assertEquals(RunStatus.FAILED, failed.status());
            assertTrue(failed.error() != null && !failed.error().isBlank(), "the cause is recorded");
        }
        assertEquals(goodFiles, files(), "nothing but the earlier backup is on the volume");
    }

    private interface ThrowingConsumer {
        void accept(Map<String, Object> config) throws Exception;
    }

    /** Every file under the target's directory but the hidden ones, with its size. */
    private List<String> files() throws Exception {
        try (Stream<Path> files = Files.list(tmp.resolve("backups").resolve(TARGET))) {
            List<String> names = new ArrayList<>();
            for (Path f : files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList()) {
                names.add(f.getFileName() + " " + Files.size(f));
            }
            return names;
        }
    }

    protected static BackupRun backUp(ApplicationContext ctx) throws Exception {
        return ctx.getBean(RunCoordinator.class).runNow(ctx.getBean(Targets.class).find(TARGET).orElseThrow(), Trigger.CLI);
    }

    /** Every file of the run into the destination: engines with one file per database back up one database here. */
    protected void restore(ApplicationContext ctx, BackupRun run, String destination, boolean force) throws Exception {
        ctx.getBean(RestoreService.class).restoreAll(new RestoreRequest(String.valueOf(run.id()), null, destination, force,
                false, null, false));
    }

    private static void scanProcesses(byte[] secret, Optional<String> tool, List<String> leaks, List<String> toolsSeen) {
        for (Path proc : ProcFiles.processes()) {
            byte[] cmdline = ProcFiles.read(proc.resolve("cmdline"));
            if (ProcFiles.contains(cmdline, secret)) {
                leaks.add("argv of " + new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' '));
            }
            if (ProcFiles.contains(ProcFiles.read(proc.resolve("environ")), secret)) {
                leaks.add("environment of pid " + proc.getFileName());
            }
            String args = new String(cmdline, StandardCharsets.UTF_8);
            if (tool.isPresent() && args.contains(tool.get()) && toolsSeen.isEmpty()) {
                toolsSeen.add(args.replace('\0', ' '));
            }
        }
    }
}
