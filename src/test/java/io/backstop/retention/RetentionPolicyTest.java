package io.backstop.retention;

import io.backstop.storage.StoredBackup;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RetentionPolicyTest {
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    static StoredBackup at(Instant startedAt) {
        return new StoredBackup("app", "", Path.of("/b/app/" + startedAt), startedAt);
    }

    static StoredBackup daysAgo(double days) {
        return at(NOW.minus(Duration.ofMillis((long) (days * 86_400_000))));
    }

    @Test
    void deletesOnlyWhatIsOlderThanTheRetentionDays() {
        var fresh = daysAgo(1);
        var old = daysAgo(8);
        var older = daysAgo(30);
        assertEquals(List.of(old, older), new RetentionPolicy(7, 1).expired(List.of(older, fresh, old), NOW, true));
    }

    @Test
    void exactlyAtTheCutoffIsKeptAndOneMillisecondPastIsDeleted() {
        var atCutoff = at(NOW.minus(Duration.ofDays(7)));
        var pastCutoff = at(NOW.minus(Duration.ofDays(7)).minusMillis(1));
        var newest = daysAgo(0);
        assertEquals(List.of(pastCutoff), new RetentionPolicy(7, 1).expired(List.of(pastCutoff, atCutoff, newest), NOW, true));
    }

    @Test
    void neverDeletesTheNewestKeepMinWhateverTheirAge() {
        var a = daysAgo(40);
        var b = daysAgo(50);
        var c = daysAgo(60);
        var d = daysAgo(70);
        assertEquals(List.of(d), new RetentionPolicy(7, 3).expired(List.of(d, c, b, a), NOW, true));
        assertEquals(List.of(b, c, d), new RetentionPolicy(7, 1).expired(List.of(a, b, c, d), NOW, true),
                "after a long outage the newest good backup still stays");
    }

    @Test
    void aMissedDayDoesNotWipeTheHistory() {
        // backups every 6 h for 10 days, then nothing for 2 days: only what is past 7 days goes
        List<StoredBackup> history = java.util.stream.IntStream.range(0, 40)
                .mapToObj(i -> at(NOW.minus(Duration.ofDays(2)).minus(Duration.ofHours(6L * i)))).toList();
        List<StoredBackup> expired = new RetentionPolicy(7, 1).expired(history, NOW, true);
        assertEquals(history.stream().filter(b -> b.startedAt().isBefore(NOW.minus(Duration.ofDays(7)))).toList(), expired);
        assertEquals(21, history.size() - expired.size(), "2 to 7 days old at 6 h steps, the one at exactly 7 days included");
    }

    @Test
    void zeroDaysKeepsOnlyTheNewestKeepMin() {
        var newest = daysAgo(0.001);
        var other = daysAgo(0.002);
        assertEquals(List.of(other), new RetentionPolicy(0, 1).expired(List.of(other, newest), NOW, true));
    }

    @Test
    void keepMinAppliesToEachPartOfATarget() {
        var appOld = new StoredBackup("db", "app", Path.of("a1"), NOW.minus(Duration.ofDays(30)));
        var appOlder = new StoredBackup("db", "app", Path.of("a2"), NOW.minus(Duration.ofDays(40)));
        var crmOnly = new StoredBackup("db", "crm", Path.of("c1"), NOW.minus(Duration.ofDays(50)));
        assertEquals(List.of(appOlder), new RetentionPolicy(7, 1).expired(List.of(appOld, appOlder, crmOnly), NOW, true),
                "the newest backup of every database stays, even one that is older than another database's");
    }

    @Test
    void aFailedRunDeletesNothing() {
        assertEquals(List.of(), new RetentionPolicy(7, 1).expired(List.of(daysAgo(1), daysAgo(100), daysAgo(200)), NOW, false));
    }

    @Test
    void futureDatedBackupsAreNotExpired() {
        var future = at(NOW.plus(Duration.ofDays(3)));
        var old = daysAgo(10);
        var recent = daysAgo(1);
        assertEquals(List.of(old), new RetentionPolicy(7, 1).expired(List.of(old, future, recent), NOW, true));
    }

    @Test
    void refusesAPolicyThatCouldDeleteTheNewestBackup() {
        assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy(7, 0));
        assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy(-1, 1));
    }

    @Test
    void amongBackupsStartedInTheSameSecondTheHighestSequenceIsTheNewest() {
        Instant second = NOW.minus(Duration.ofDays(10));
        var first = new StoredBackup("app", "", Path.of("app_backup_20261112_120000.db.gz"), second);
        var second1 = new StoredBackup("app", "", Path.of("app_backup_20261112_120000-1.db.gz"), second);
        var second2 = new StoredBackup("app", "", Path.of("app_backup_20261112_120000-2.db.gz"), second);
        assertEquals(List.of(second1, first), new RetentionPolicy(0, 1).expired(List.of(second1, second2, first), NOW, true),
                "keeps -2, the last of the three");
    }
}
