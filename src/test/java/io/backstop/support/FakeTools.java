package io.backstop.support;

import io.backstop.engine.ChildProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A PostgreSQL tools directory whose pg_dump is a script of the test's, the other tools being the real ones: a stand-in
 * for misbehaving or old clients, which cannot be installed here beside the real one.
 */
public final class FakeTools {
    private FakeTools() {
    }

    public static Path postgres(Path dir, String pgDumpScript) throws Exception {
        Files.createDirectories(dir);
        Path script = dir.resolve("pg_dump");
        Files.writeString(script, pgDumpScript.replace("REAL_PG_DUMP", real("pg_dump")));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String tool : List.of("pg_dumpall", "psql", "pg_restore")) {
            Files.createSymbolicLink(dir.resolve(tool), Path.of(real(tool)));
        }
        return dir;
    }

    /** As found on PATH, not resolved: Debian's pg_wrapper picks the tool by the name it was started as. */
    private static String real(String name) {
        return ChildProcess.onPath(name).orElseThrow(() -> new IllegalStateException(name + " is not on PATH")).toString();
    }
}
