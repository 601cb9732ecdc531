package io.backstop.engine.mysql;

import io.backstop.restore.RestoreRequest;
import io.backstop.catalog.BackupRun;
import io.backstop.catalog.RunStatus;
import io.backstop.config.Targets;
import io.backstop.restore.RestoreService;
import io.backstop.schedule.RunCoordinator;
import io.backstop.schedule.Trigger;
import io.backstop.support.Transfers;
import io.backstop.support.MariaDb;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** While transfers between accounts commit, every backup holds the same total balance. */
class MysqlConsistencyTest {
    static final int ACCOUNTS = 200;
    static final long TOTAL = ACCOUNTS * 1_000L;

    @TempDir
    Path tmp;
    final List<String> databases = new ArrayList<>();

    @AfterEach
    void drop() {
        MariaDb.drop(databases.toArray(String[]::new));
    }

    @Test
    void everyBackupTakenDuringTransfersKeepsTheInvariant() throws Exception {
        String bank = MariaDb.newDatabase();
        databases.add(bank);
        try (Connection c = MariaDb.root(bank); Statement s = c.createStatement()) {
            s.execute("SET SESSION max_recursive_iterations = 1000000");
            s.execute("CREATE TABLE accounts (id INT PRIMARY KEY, balance BIGINT NOT NULL) ENGINE=InnoDB");
            s.execute("CREATE TABLE ledger (id BIGINT AUTO_INCREMENT PRIMARY KEY, src INT, dst INT, amount BIGINT,"
                    + " filler VARCHAR(200)) ENGINE=InnoDB");
            s.execute("INSERT INTO accounts WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
                    + ACCOUNTS + ") SELECT i, 1000 FROM n");
            s.execute("INSERT INTO ledger (src, dst, amount, filler) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
                    + " FROM n WHERE i < 100000) SELECT 0, 0, 0, SHA2(i, 512) FROM n");
        }


        List<BackupRun> runs = new ArrayList<>();
        try (ApplicationContext ctx = ApplicationContext.run(MariaDb.target(tmp.resolve("backups"), "bank", bank, "root", ""), "test")) {
            Transfers transfers = new Transfers(() -> MariaDb.root(bank), ACCOUNTS);
            var target = ctx.getBean(Targets.class).find("bank").orElseThrow();
            for (int i = 0; i < 3; i++) {
                Thread.sleep(300);
                runs.add(ctx.getBean(RunCoordinator.class).runNow(target, Trigger.CLI));
            }
            long committed = transfers.stop();
            assertTrue(committed > 50, "transfers committed during the backups: " + committed);

            long previousLedger = 0;
            for (BackupRun run : runs) {
                assertEquals(RunStatus.SUCCEEDED, run.status(), run.error());
                String restored = bank + "_r" + run.id();
                databases.add(restored);
                ctx.getBean(RestoreService.class).restoreAll(new RestoreRequest(String.valueOf(run.id()), null, restored, false, false, null, false));
                assertEquals(TOTAL, MariaDb.scalar(restored, "SELECT sum(balance) FROM accounts"), "invariant in run " + run.id());
                assertEquals(ACCOUNTS, MariaDb.scalar(restored, "SELECT count(*) FROM accounts"));
                long ledger = MariaDb.scalar(restored, "SELECT count(*) FROM ledger");
                assertTrue(ledger >= previousLedger, "later backups see later transfers");
                previousLedger = ledger;
            }
            assertTrue(previousLedger > 100_000, "the backups contain transfers made while they ran");
        }
    }
}
