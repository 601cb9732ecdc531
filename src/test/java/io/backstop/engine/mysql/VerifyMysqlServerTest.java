package io.backstop.engine.mysql;

import io.backstop.catalog.Verification;
import io.backstop.support.Daemons;
import io.backstop.support.MariaDb;
import io.backstop.verify.Level;
import io.backstop.verify.VerificationService;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code VERIFY_MYSQL=server} with {@code VERIFY_MYSQL_HOST}/{@code VERIFY_MYSQL_PORT}: the scratch databases go to that
 * server (here a second MariaDB, started the way a local verification starts one), never to the target's own.
 */
class VerifyMysqlServerTest {
    static final String CREATED_DATABASES = "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'COM_CREATE_DB'";
    static final String USER = "bs_verify_elsewhere";
    static final String PASSWORD = "elsewhere-pw";

    @TempDir
    Path tmp;
    String db;

    @AfterEach
    void drop() {
        MariaDb.drop(db);
    }

    @Test
    void theScratchDatabasesGoToTheVerificationServer() throws Exception {
        db = MariaDb.newDatabase();
        MariaDb.execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY)");
        MariaDb.execute("INSERT INTO " + db + ".t VALUES (1), (2)");
        MariaDb.ensureUser(USER, PASSWORD);
        try (ThrowawayMariadb other = ThrowawayMariadb.start(ThrowawayMariadb.Binaries.find().orElseThrow(),
                Files.createDirectory(tmp.resolve("other")))) {
            try (Connection c = other.connection().open(); Statement s = c.createStatement()) {
                s.execute("CREATE USER '" + USER + "'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "'");
                s.execute("GRANT ALL ON *.* TO '" + USER + "'@'127.0.0.1'");
            }
            Map<String, Object> config = MariaDb.target(tmp.resolve("backups"), "shop", db, USER, PASSWORD);
            config.put("backstop.verify.mysql.place", "server");
            config.put("backstop.verify.mysql.host", "127.0.0.1");
            config.put("backstop.verify.mysql.port", String.valueOf(other.connection().port()));
            try (ApplicationContext ctx = Daemons.start(config)) {
                Daemons.backUp(ctx, "shop");
                long onTheTarget = MariaDb.scalar("mysql", CREATED_DATABASES);
                long onTheOther = createdDatabases(other.connection());
                Verification full = ctx.getBean(VerificationService.class).verify("shop", Level.FULL).get(0);
                assertTrue(full.passed(), full.error());
                assertEquals("t=2", full.counts());
                assertEquals(onTheTarget, MariaDb.scalar("mysql", CREATED_DATABASES), "nothing created on the target's server");
                assertEquals(onTheOther + 1, createdDatabases(other.connection()), "the scratch database was made on the other");
            }
        }
    }

    @Test
    void aMissingPrivilegeOnTheScratchDatabasesIsNamed() throws Exception {
        db = MariaDb.newDatabase();
        MariaDb.execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY)");
        MariaDb.ensureUser(USER, PASSWORD); // ALL on `bs\_%` only: nothing on `backstop\_verify\_%`
        Map<String, Object> config = MariaDb.target(tmp.resolve("backups"), "shop", db, USER, PASSWORD);
        config.put("backstop.verify.mysql.place", "server");
        try (ApplicationContext ctx = Daemons.start(config)) {
            Daemons.backUp(ctx, "shop");
            Verification full = ctx.getBean(VerificationService.class).verify("shop", Level.FULL).get(0);
            assertTrue(!full.passed() && full.error().contains("needs the CREATE and DROP privileges on `backstop_verify_%` for "
                    + USER), full.error());
        }
    }

    private static long createdDatabases(MysqlConnection server) throws Exception {
        try (Connection c = server.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(CREATED_DATABASES)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
