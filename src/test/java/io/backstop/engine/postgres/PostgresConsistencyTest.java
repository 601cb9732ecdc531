package io.backstop.engine.postgres;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.RunStatus;
import io.backstop.config.Targets;
import io.backstop.restore.RestoreRequest;
import io.backstop.restore.RestoreService;
import io.backstop.schedule.RunCoordinator;
import io.backstop.schedule.Trigger;
import io.backstop.support.Transfers;
import io.backstop.support.PostgreSql;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transfers commit while backups run; every restored backup has the total unchanged and each balance equal to what the
 * ledger (another table, dumped at another moment) says: pg_dump reads the whole database in one snapshot.
 */
class PostgresConsistencyTest {
    static final int ACCOUNTS = 200;
    static final long TOTAL = ACCOUNTS * 1_000L;

    @TempDir
    Path tmp;
    final List<String> databases = new ArrayList<>();

    @AfterEach
    void drop() {
        PostgreSql.drop(databases.toArray(String[]::new));
    }

    @Test
    void everyBackupTakenDuringTransfersKeepsTheInvariant() throws Exception {
        String bank = PostgreSql.newDatabase();
        databases.add(bank);
        PostgreSql.execute(bank,
                "CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL)",
                "CREATE TABLE ledger (id bigserial PRIMARY KEY, src int, dst int, amount bigint, filler text)",
                "INSERT INTO accounts SELECT i, 1000 FROM generate_series(1, " + ACCOUNTS + ") i",
                "INSERT INTO ledger (src, dst, amount, filler) SELECT 0, 0, 0, repeat(md5(i::text), 6) FROM generate_series(1, 300000) i");


        List<BackupRun> runs = new ArrayList<>();
        try (ApplicationContext ctx = ApplicationContext.run(PostgreSql.target(tmp.resolve("backups"), "bank", bank), "test")) {
            Transfers transfers = new Transfers(() -> PostgreSql.connect(bank), ACCOUNTS);
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
                ctx.getBean(RestoreService.class).restoreAll(new RestoreRequest(String.valueOf(run.id()), null, restored,
                        false, false, null, false));
                assertEquals(TOTAL, PostgreSql.scalar(restored, "SELECT sum(balance) FROM accounts"), "invariant in run " + run.id());
                assertEquals(0, PostgreSql.scalar(restored, """
                        WITH moves AS (SELECT src AS id, -amount AS delta FROM ledger UNION ALL SELECT dst, amount FROM ledger),
                             net AS (SELECT id, sum(delta) AS total FROM moves GROUP BY id)
                        SELECT count(*) FROM accounts a LEFT JOIN net n ON n.id = a.id
                         WHERE a.balance <> 1000 + coalesce(n.total, 0)"""),
                        "every balance agrees with the ledger in run " + run.id());
                long ledger = PostgreSql.scalar(restored, "SELECT count(*) FROM ledger");
                assertTrue(ledger >= previousLedger, "later backups see later transfers");
                previousLedger = ledger;
            }
            assertTrue(previousLedger > 300_000, "the backups contain transfers made while they ran");
        }
    }
}
