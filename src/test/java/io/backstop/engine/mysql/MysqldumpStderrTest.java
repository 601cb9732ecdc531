package io.backstop.engine.mysql;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MysqldumpStderrTest {
    @Test
    void warningsAndDeprecationNoticesAreNotErrors() {
        List<String> stderr = List.of(
                "mysqldump: Deprecated program name. It will be removed in a future release, use '/usr/bin/mariadb-dump' instead",
                "mysqldump: [Warning] Using a password on the command line interface can be insecure.",
                "Warning: A partial dump from a server that has GTIDs will by default include the GTIDs of all transactions",
                "mysqldump: Got error: 1045: \"Access denied for user 'x'@'localhost' (using password: YES)\" when trying to connect",
                "mysqldump: Couldn't execute 'SHOW FUNCTION STATUS': Lost connection to MySQL server during query (2013)",
                "mysqldump: Error 2013: Lost connection to server during query when dumping table `t` at row: 1234",
                "ERROR 1049 (42000): Unknown database 'nope'");
        assertEquals(stderr.subList(3, 7), MysqldumpStderr.errors(stderr));
    }

    @Test
    void optionFileQuotingKeepsEveryCharacter() {
        assertEquals("\"pa\\\"ss\\\\word #1 'x'\"", DefaultsFile.quote("pa\"ss\\word #1 'x'"));
    }
}
