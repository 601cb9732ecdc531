package io.backstop.engine.mysql;

import io.backstop.support.BinlogMariaDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The summary of a binlog file that grows, read on from where the last one ended, against a real MariaDB's binlog. */
class BinlogFileTest {
    @TempDir
    Path tmp;

    @Test
    void aGrowingFileIsSummarizedFromWhereItsLastWholeEventEndedAsIfReadWhole() throws Exception {
        byte[] whole;
        Path dir = Files.createTempDirectory(Path.of("/dev/shm"), "backstop-binlogfile-");
        try (BinlogMariaDb server = BinlogMariaDb.start(dir)) {
            server.execute("CREATE DATABASE t", "CREATE TABLE t.r (n INT PRIMARY KEY, s VARCHAR(200))");
            for (int n = 0; n < 200; n++) {
                server.execute("INSERT INTO t.r VALUES (" + n + ", REPEAT('x', " + (n % 150) + "))");
            }
            server.execute("FLUSH BINARY LOGS");
            whole = Files.readAllBytes(server.binlogDir().resolve("mysql-bin.000001"));
        }
        Path copy = tmp.resolve("mysql-bin.000001");
        BinlogFile.Summary incremental = null;
        int steps = 0;
        for (int cut = 4; cut < whole.length; cut += 97) { // the capture appends in pieces that end anywhere
            Files.write(copy, Arrays.copyOf(whole, cut));
            incremental = BinlogFile.summarize(copy, incremental);
            assertEquals(BinlogFile.summarize(copy, null), incremental, "at " + cut + " bytes");
            assertFalse(incremental.closed());
            steps++;
        }
        Files.write(copy, whole);
        BinlogFile.Summary last = BinlogFile.summarize(copy, incremental);
        assertEquals(BinlogFile.summarize(copy, null), last);
        assertTrue(last.closed() && last.wholeEnd() == whole.length && last.firstTime() != null, last.toString());
        assertTrue(steps > 50, "the file grew in " + steps + " steps");
    }
}
