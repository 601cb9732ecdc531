package io.backstop.engine;

import io.backstop.config.Target;
import io.backstop.storage.BackupPart;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One database engine. Implementations know how to get a consistent copy out of the database and back in;
 * they know nothing of compression, files, S3 or schedules. Register an implementation as a bean and it is
 * available to every target whose {@code engine} names it.
 */
public interface BackupEngine {

    /** The name targets use to select this engine, e.g. {@code sqlite}. */
    String name();

    /** The extension of the uncompressed dump of one part, e.g. {@code db} or {@code sql}. */
    String fileExtension(Target target, String part);

    /** The settings a target of this engine may have under {@code connection}; any other key there is a typo. */
    Set<String> connectionKeys();

    /** Problems with the target's engine-specific settings, one line each, each naming its key. */
    List<String> validate(Target target);

    /**
     * What the target is backed up as, one file each: the databases of a server, or just
     * {@link BackupPart#WHOLE} for engines that write one file per run. Labels must satisfy
     * {@link BackupPart#isValid}.
     */
    default List<String> parts(Target target) throws Exception {
        return List.of(BackupPart.WHOLE);
    }

    /**
     * Writes a consistent dump of one part of the target to {@code out}. Failure is an exception whose message carries
     * the real cause; whatever was written then is discarded by the caller.
     *
     * @param scratch a private, empty directory on the backup volume for engines that must stage a copy
     * @return what the dump holds, per table or collection, counted from the very bytes written (not from the live
     *         database, which has moved on), recorded in the manifest for verification to compare; and, when the
     *         target's transaction log is captured, where the dump stands in it
     */
    Dumped dump(Target target, String part, OutputStream out, Path scratch) throws Exception;

    /**
     * Reads a decompressed dump of one part, as {@link #dump} wrote it, checks the engine's own structure (SQLite's
     * integrity_check, mysqldump's trailer, the archive's CRCs) and counts what it holds the same way {@link #dump} did.
     *
     * @throws Exception whose message says what is wrong when the dump is not sound
     */
    Map<String, Long> inspect(Target target, String part, InputStream dump, Path scratch) throws Exception;

    /**
     * The full verification: restores a decompressed dump of one part into a scratch place that no application uses
     * (never the live database), counts what the restored copy holds the way {@link #dump} counted it, and removes
     * the scratch place again, also when anything fails.
     */
    Map<String, Long> restoreToScratch(Target target, String part, InputStream dump, Path scratch) throws Exception;

    /**
     * Whether restoring a whole run restores this part; a part that is not (PostgreSQL's roles, which belong to the
     * whole server) is restored only when the operator asks for it or names its file.
     */
    default boolean restoredByDefault(String part) {
        return true;
    }

    /** Removes scratch places that a killed full verification left behind; called at start. */
    default void removeVerificationLeftovers(Target target) throws Exception {
    }

    /** Restores a dump of {@code part} produced by {@link #dump} from {@code in}. */
    void restore(Target target, String part, InputStream in, RestoreOptions options, Path scratch) throws Exception;

    /** The engine's transaction log, when it can be captured continuously for point-in-time recovery. */
    default java.util.Optional<TransactionLog> transactionLog() {
        return java.util.Optional.empty();
    }

    /** Versions of the tools that made the dump, recorded in each manifest. */
    Map<String, String> toolVersions(Target target);
}
