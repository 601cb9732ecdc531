package io.backstop.ui;

import io.backstop.catalog.BackupFile;
import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.catalog.RunMarks;
import io.backstop.catalog.RunStatus;
import io.backstop.status.ListedRun;
import io.backstop.status.RunListing;
import io.backstop.status.StatusReport;
import io.backstop.status.StatusService;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What the status page shows, built from the same status report and run listing as {@code backstop status} and
 * {@code backstop list}. Without the API key, messages are shown with their filesystem paths replaced.
 */
@Singleton
public class StatusPage {
    static final int RUNS_SHOWN = 10;
    static final int RUNS_CHARTED = 20;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final StatusService status;
    private final RunListing listing;
    private final Catalog catalog;
    private final Clock clock;

    public StatusPage(StatusService status, RunListing listing, Catalog catalog, Clock clock) {
        this.status = status;
        this.listing = listing;
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * @param detailed whether the visitor gave the API key: messages keep their paths
     * @param notice   the outcome of the action that led here, if any
     */
    public record Page(String generatedAt, boolean detailed, List<Card> targets, @Nullable String offsite, String volumeFree,
                       String version, @Nullable String notice, boolean healthy) {
    }

    /** One target: its state, its newest backup, its last run, what comes next, and its recent runs. */
    public record Card(String name, String engine, String state, String reason, String newestGood, String lastRun,
                       @Nullable String lastRunError, String nextRun, String schedule, String verification, String upload,
                       RunChart chart, List<Row> runs) {
    }

    /** One run in a target's list, with the command that restores it. */
    public record Row(long id, String status, String startedAt, String size, String location, String verified,
                      String marks, List<String> files, @Nullable String restore, @Nullable String error) {
    }

    public Page build(boolean detailed, @Nullable String notice) {
        UnaryOperator<String> shown = detailed ? UnaryOperator.identity() : Formats::withoutPaths;
        StatusReport report = status.report();
        Instant now = clock.instant();
        List<Card> cards = new ArrayList<>();
        for (StatusReport.TargetStatus t : report.targets()) {
            cards.add(card(t, now, shown));
        }
        String offsite = report.offsite() == null ? null : report.offsite().location() + ": " + report.offsite().pending()
                + " file(s) waiting" + (report.offsite().overdue() ? ", OVERDUE" : "")
                + (report.offsite().lastError() == null ? "" : "; last error: " + shown.apply(report.offsite().lastError()));
        return new Page(TIME.format(now), detailed, cards, offsite, Formats.bytes(report.volumeFreeBytes()), report.version(),
                notice, report.healthy());
    }

    private Card card(StatusReport.TargetStatus t, Instant now, UnaryOperator<String> shown) {
        String state = t.paused() != null ? "paused" : "FAILED".equals(t.lastRunStatus()) ? "failing"
                : t.healthy() ? "healthy" : "stale";
        String newest = t.newestGood() == null ? "none yet" : "run " + t.newestGood().runId() + ", "
                + Formats.age(Duration.ofSeconds(t.newestGood().ageSeconds())) + " ago, " + Formats.bytes(t.newestGood().bytes())
                + (t.newestGood().location() == null ? "" : ", " + t.newestGood().location());
        String upload = t.stored().s3Files() == null ? "no off-site copy configured"
                : t.stored().s3Files() + " file(s), " + Formats.bytes(t.stored().s3Bytes()) + " on S3; "
                + t.stored().localFiles() + " file(s), " + Formats.bytes(t.stored().localBytes()) + " on the volume";
        List<BackupRun> good = catalog.recent(t.name(), RUNS_CHARTED * 3).stream()
                .filter(r -> r.status() == RunStatus.SUCCEEDED).limit(RUNS_CHARTED).toList();
        String copyOption = t.engine().equals("sqlite") ? " --to COPY.db" : " --database NEW";
        List<Row> rows = listing.recent(t.name(), RUNS_SHOWN).stream().map(r -> row(r, copyOption, shown)).toList();
        return new Card(t.name(), t.engine(), state, shown.apply(t.reason()), newest,
                t.lastRunStatus() == null ? "none yet" : t.lastRunStatus(), shown.apply(t.lastRunError()),
                t.nextRun() == null ? "not scheduled" : TIME.format(t.nextRun()) + (t.paused() != null ? " (skipped: paused)" : ""),
                t.schedule(), t.lastVerification() == null ? "not verified yet" : shown.apply(t.lastVerification()), upload,
                RunChart.of(good), rows);
    }

    /** @param copyOption how the restore command puts the copy beside the live data, for the target's engine */
    private Row row(ListedRun listed, String copyOption, UnaryOperator<String> shown) {
        BackupRun run = listed.run();
        List<String> files = new ArrayList<>();
        if (run.id() != null) {
            for (BackupFile f : catalog.filesOf(run.id())) {
                files.add(f.file() + " (" + Formats.bytes(f.bytes()) + ")");
            }
        }
        RunMarks marks = listed.marks();
        String shownMarks = marks == null ? "" : String.join("; ", java.util.stream.Stream.of(
                marks.pinned() ? "pinned" : null, marks.label(), marks.note()).filter(m -> m != null && !m.isBlank()).toList());
        String restore = run.status() == RunStatus.SUCCEEDED ? "backstop restore " + run.id() + copyOption : null;
        return new Row(run.id() == null ? 0 : run.id(), run.status().name(),
                run.startedAt() == null ? TIME.format(run.queuedAt()) : TIME.format(run.startedAt()), Formats.bytes(run.bytes()),
                listed.location() == null ? "–" : listed.location(), listed.verified() == null ? "–" : listed.verified(),
                shown.apply(shownMarks), files, restore, shown.apply(run.error()));
    }
}
