package io.backstop.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Helpers a killed Backstop left running in a scratch directory (a full verification's throwaway database server): a
 * child outlives a SIGKILL of its parent. Recognised by the scratch directory's path on their command line.
 */
final class ScratchProcesses {
    private static final Logger LOG = LoggerFactory.getLogger(ScratchProcesses.class);

    private ScratchProcesses() {
    }

    /** Kills every process of this user whose command line names a path inside {@code scratch}. */
    static void stopAllIn(Path scratch) {
        String inside = scratch.toAbsolutePath() + "/";
        List<ProcessHandle> leftovers = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().arguments().map(args -> List.of(args).stream().anyMatch(a -> a.contains(inside))).orElse(false))
                .toList();
        for (ProcessHandle process : leftovers) {
            LOG.warn("stopping {} (pid {}), left running in {} by a killed verification",
                    process.info().command().orElse("a process"), process.pid(), scratch);
            process.destroyForcibly();
            try {
                process.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("pid {} did not stop within 30 s: {}", process.pid(), e.toString());
            }
        }
    }
}
