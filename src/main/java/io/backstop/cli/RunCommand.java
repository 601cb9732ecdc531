package io.backstop.cli;

import io.backstop.api.TriggerResponse;
import io.backstop.catalog.BackupRun;
import io.backstop.catalog.RunStatus;
import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.schedule.AlreadyRunningException;
import io.backstop.schedule.RunCoordinator;
import io.backstop.schedule.Trigger;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code backstop run [TARGET]}: through the running daemon when there is one, so its lock and catalog are
 * shared; otherwise in this process. Exit code 0 only when every requested backup succeeded.
 */
@Command(name = "run", description = "Back up one target, or all of them, now.")
public class RunCommand implements Callable<Integer> {
    private static final long POLL_MILLIS = 500;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET", description = "the target to back up; all when omitted")
    String target;

    @Inject Targets targets;
    @Inject DaemonClient daemon;
    @Inject RunCoordinator coordinator;

    @Override
    public Integer call() throws InterruptedException {
        List<Target> requested = new ArrayList<>();
        if (target != null) {
            var found = targets.find(target);
            if (found.isEmpty()) {
                System.err.println("unknown target '" + target + "'; configured: "
                        + targets.all().stream().map(Target::name).toList());
                return 2;
            }
            requested.add(found.get());
        } else {
            requested.addAll(targets.all());
        }
        if (requested.isEmpty()) {
            System.err.println("no targets are configured");
            return 2;
        }
        List<BackupRun> results = daemon.isRunning() ? throughDaemon() : inProcess(requested);
        boolean allSucceeded = !results.isEmpty();
        for (BackupRun run : results) {
            (run.status() == RunStatus.SUCCEEDED ? System.out : System.err).println(RunReport.outcome(run));
            allSucceeded &= run.status() == RunStatus.SUCCEEDED;
        }
        return allSucceeded && results.size() == requested.size() ? 0 : 1;
    }

    private List<BackupRun> inProcess(List<Target> requested) {
        List<BackupRun> results = new ArrayList<>();
        for (Target t : requested) {
            try {
                results.add(coordinator.runNow(t, Trigger.CLI));
            } catch (AlreadyRunningException e) {
                System.err.println(e.getMessage());
            }
        }
        return results;
    }

    private List<BackupRun> throughDaemon() throws InterruptedException {
        TriggerResponse response;
        try {
            response = daemon.trigger(target);
        } catch (HttpClientResponseException e) {
            System.err.println("the daemon refused: " + e.getStatus().getCode() + " " + e.getMessage());
            return List.of();
        }
        response.alreadyRunning().forEach(name -> System.err.println("target '" + name + "' is already running"));
        List<BackupRun> results = new ArrayList<>();
        for (TriggerResponse.StartedRun started : response.started()) {
            if (started.runId() == null) {
                System.err.println("the daemon started " + started.target() + " but could not record it; see its log");
                continue;
            }
            BackupRun run = daemon.run(started.runId());
            while (!run.status().finished()) {
                Thread.sleep(POLL_MILLIS);
                run = daemon.run(started.runId());
            }
            results.add(run);
        }
        return results;
    }
}
