package io.backstop.engine.mongo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * mongodump mode's process plumbing, with stand-in executables (no MongoDB Database Tools can be installed
 * here): arguments, the 0600 config file and its removal, stderr capture, exit codes, password masking.
 */
class MongoToolsTest {
    static final String URI = "mongodb://backup:Sup3r%22secret@db.internal:27017/?authSource=admin";

    @TempDir
    Path tmp;

    Path standIn(String name, String body) throws IOException {
        Path script = tmp.resolve(name);
        Files.writeString(script, "#!/bin/bash\n"
                + "printf '%s\\n' \"$@\" > " + tmp.resolve("argv") + "\n"
                + "cfg=\"${1#--config=}\"\n"
                + "stat -c %a \"$cfg\" > " + tmp.resolve("mode") + "\n"
                + "stat -c %a \"$(dirname \"$cfg\")\" > " + tmp.resolve("dirmode") + "\n"
                + "cat \"$cfg\" > " + tmp.resolve("config") + "\n"
                + "echo \"$cfg\" > " + tmp.resolve("path") + "\n"
                + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @Test
    void dumpStreamsStdoutAndPassesTheUriOnlyThroughA0600ConfigFile() throws Exception {
        Path fixture = ArchiveFixturesTest.FIXTURES.resolve("test.bar.archive").toAbsolutePath();
        Path mongodump = standIn("mongodump", "echo 'writing test.bar to archive on stdout' >&2\ncat " + fixture + "\nexit 0");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MongoTools.dump(mongodump, URI, "test", out);

        assertArrayEquals(Files.readAllBytes(fixture), out.toByteArray());
        List<String> argv = Files.readAllLines(tmp.resolve("argv"));
        assertTrue(argv.get(0).startsWith("--config="), argv.toString());
        assertEquals(List.of("--archive", "--db=test"), argv.subList(1, argv.size()));
        assertFalse(String.join(" ", argv).contains("Sup3r"), "no password in argv");
        assertEquals("600", Files.readString(tmp.resolve("mode")).strip());
        assertEquals("700", Files.readString(tmp.resolve("dirmode")).strip());
        assertEquals("uri: \"" + URI.replace("\"", "\\\"") + "\"", Files.readString(tmp.resolve("config")).strip());
        Path config = Path.of(Files.readString(tmp.resolve("path")).strip());
        assertFalse(Files.exists(config), "the config file is deleted after the run");
        assertFalse(Files.exists(config.getParent()));
    }

    @Test
    void aFailingToolFailsWithItsStderrAndTheConfigFileStillGoes() throws Exception {
        Path mongodump = standIn("mongodump", "echo 'connecting to " + URI + "' >&2\n"
                + "echo 'Failed: can'\"'\"'t create session: could not connect to server' >&2\nexit 1");
        IOException failure = assertThrows(IOException.class, () -> MongoTools.dump(mongodump, URI, null, new ByteArrayOutputStream()));
        assertTrue(failure.getMessage().contains("exit code 1") && failure.getMessage().contains("could not connect"), failure.getMessage());
        assertFalse(failure.getMessage().contains("Sup3r"), "the password is masked: " + failure.getMessage());
        assertTrue(failure.getMessage().contains("backup:***@db.internal"), failure.getMessage());
        assertEquals(List.of("--archive"), Files.readAllLines(tmp.resolve("argv")).subList(1, 2));
        assertFalse(Files.exists(Path.of(Files.readString(tmp.resolve("path")).strip())));
    }

    @Test
    void anErrorOnStderrFailsEvenWithExitCodeZero() throws Exception {
        Path mongodump = standIn("mongodump", "echo 'Failed: error reading collection: connection reset' >&2\nexit 0");
        IOException failure = assertThrows(IOException.class, () -> MongoTools.dump(mongodump, URI, null, new ByteArrayOutputStream()));
        assertTrue(failure.getMessage().contains("reported errors") && failure.getMessage().contains("connection reset"), failure.getMessage());
    }

    @Test
    void killedToolIsReportedAsKilled() throws Exception {
        Path mongodump = standIn("mongodump", "kill -9 $$");
        IOException failure = assertThrows(IOException.class, () -> MongoTools.dump(mongodump, URI, null, new ByteArrayOutputStream()));
        assertTrue(failure.getMessage().contains("killed by signal 9"), failure.getMessage());
    }

    @Test
    void restoreFeedsStdinAndRenamesWithNsFromNsTo() throws Exception {
        Path mongorestore = standIn("mongorestore", "cat > " + tmp.resolve("stdin") + "\nexit 0");
        byte[] archive = Files.readAllBytes(ArchiveFixturesTest.FIXTURES.resolve("test.bar.archive"));
        MongoTools.restore(mongorestore, URI, new ByteArrayInputStream(archive), "test", "test_copy", true);
        assertArrayEquals(archive, Files.readAllBytes(tmp.resolve("stdin")));
        assertEquals(List.of("--archive", "--drop", "--nsFrom=test.*", "--nsTo=test_copy.*"),
                Files.readAllLines(tmp.resolve("argv")).subList(1, 5));
    }

    @Test
    void urisAreMaskedInMessages() {
        assertEquals("mongodb://backup:***@db:27017/x", MongoUri.masked("mongodb://backup:p%40ss@db:27017/x"));
        assertEquals("mongodb+srv://u:***@cluster0.example.net", MongoUri.masked("mongodb+srv://u:pw@cluster0.example.net"));
        assertEquals("mongodb://db:27017", MongoUri.masked("mongodb://db:27017"));
    }
}
