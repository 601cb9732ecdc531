package io.backstop.engine.mysql;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The binlog replay keeps every byte but the lines that would replay the original server id and GTID numbers. */
class ReplayAsNewWritesTest {

    private static String filtered(String in) throws Exception {
        try (ReplayAsNewWrites filter = new ReplayAsNewWrites(new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)))) {
            return new String(filter.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void dropsTheServerIdAndGtidSequenceLinesOfMariadbAndMysql() throws Exception {
        String in = "/*M!100101 SET @@session.skip_parallel_replication=0*//*!*/;\n"
                + "/*M!100001 SET @@session.gtid_domain_id=0*//*!*/;\n"
                + "/*M!100001 SET @@session.server_id=1*//*!*/;\n"
                + "/*M!100001 SET @@session.gtid_seq_no=471*//*!*/;\n"
                + "/*!100001 SET @@session.gtid_seq_no=9*//*!*/;\n"
                + "SET @@session.server_id=7/*!*/;\n"
                + "START TRANSACTION\n";
        assertEquals("/*M!100101 SET @@session.skip_parallel_replication=0*//*!*/;\n"
                + "/*M!100001 SET @@session.gtid_domain_id=0*//*!*/;\n"
                + "START TRANSACTION\n", filtered(in));
    }

    @Test
    void everythingElsePassesByteForByte() throws Exception {
        String in = "INSERT INTO t VALUES ('SET @@session.server_id=1\r\nnot a line start')\r\n"
                + "BINLOG '\nFYURaxMBAAAAMgAAAOkDAAAAABIAAAAAAAEAB3Nob3BfYXQAAXQAAgMPAhQAAoZPqk8=\n'/*!*/;\n"
                + "x".repeat(300_000) + "\n"
                + "no newline at the end";
        assertEquals(in, filtered(in));
        assertEquals("", filtered(""));
    }
}
