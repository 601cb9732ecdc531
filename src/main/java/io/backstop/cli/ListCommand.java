package io.backstop.cli;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.RunStatus;
import io.backstop.pitr.CaptureStatus;
import io.backstop.status.ListedRun;
import io.backstop.status.StatusReport;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code backstop list [TARGET]}: recent runs from the catalog, newest first, and where their files are. */
@Command(name = "list", description = "List recent runs, their backup files and where they are (local, s3, both), newest first.")
public class ListCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET")
    String target;

    @Option(names = {"-n", "--limit"}, defaultValue = "50", description = "how many runs to show, 1 to 500 (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--json", description = "the runs as a JSON array, the same as GET /api/backups (for scripts)")
    boolean json;

    @Option(names = "--binlog", description = "instead of runs: the window TARGET can be restored to any second of (--at),"
            + " from its captured binlog")
    boolean binlog;

    @Inject Reading reading;

    @Override
    public Integer call() throws CliFailure, java.io.IOException {
        RunsAndStatus backstop = reading.source();
        if (binlog) {
            return printWindow(backstop);
        }
        List<ListedRun> runs = backstop.list(target, limit);
        if (json) {
            System.out.println(reading.json(runs));
            return 0;
        }
        if (runs.isEmpty()) {
            System.out.println("no runs recorded yet");
            return 0;
        }
        String format = "%-6s %-16s %-11s %-21s %8s %10s  %-13s %-8s %s%n";
        System.out.printf(format, "ID", "TARGET", "STATUS", "STARTED", "TOOK", "SIZE", "LOCATION", "VERIFIED", "FILE / ERROR");
        for (ListedRun listed : runs) {
            BackupRun run = listed.run();
            boolean succeeded = run.status() == RunStatus.SUCCEEDED && run.file() != null;
            String detail = (succeeded ? run.file() : run.error() == null ? "" : run.error()) + marks(listed.marks());
            System.out.printf(format, run.id(), run.target(), run.status(), RunReport.time(run.startedAt()),
                    RunReport.duration(run), RunReport.size(run.bytes()), listed.location() == null ? "" : listed.location(),
                    listed.verified() == null ? "" : listed.verified(), detail);
        }
        StatusReport.Offsite offsite = backstop.offsite();
        if (offsite != null && offsite.pending() > 0) {
            System.out.println();
            System.out.println("pending uploads: " + offsite.pending() + ", the oldest since "
                    + RunReport.time(offsite.oldestPendingSince()) + "; last error: " + offsite.lastError());
        }
        return 0;
    }

    private int printWindow(RunsAndStatus backstop) throws CliFailure, java.io.IOException {
        if (target == null) {
            System.err.println("list --binlog needs the TARGET whose window to show");
            return 2;
        }
        StatusReport.TargetStatus status = backstop.status().targets().stream().filter(t -> t.name().equals(target)).findFirst()
                .orElse(null);
        if (status == null) {
            System.err.println("no target '" + target + "'");
            return 2;
        }
        CaptureStatus capture = status.logCapture();
        if (capture == null) {
            System.err.println("target '" + target + "': no log capture running (BINLOG_CAPTURE off, or no daemon is running)");
            return 1;
        }
        if (json) {
            System.out.println(reading.json(capture));
            return 0;
        }
        System.out.println(target + ": " + CaptureReport.window(capture)
                + (capture.from() == null ? "" : " (restore " + target + " --at TIME)"));
        System.out.println(capture.log() + " capture: " + CaptureReport.state(capture));
        return capture.problem() == null ? 0 : 1;
    }

    /** " [pinned] release-2.4: before the v2 migration" */
    private static String marks(io.backstop.catalog.RunMarks marks) {
        if (marks == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        if (marks.pinned()) {
            text.append(" [pinned]");
        }
        if (marks.label() != null) {
            text.append(' ').append(marks.label()).append(marks.note() == null ? "" : ":");
        }
        if (marks.note() != null) {
            text.append(' ').append(marks.note());
        }
        if (marks.deletedAt() != null) {
            text.append(" (deleted ").append(RunReport.time(marks.deletedAt())).append(": ").append(marks.deletedReason()).append(')');
        }
        return text.toString();
    }
}
