package io.backstop.api;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * The answer to a trigger: the runs started, and for "run all", the targets that were already running, by name and
 * with a sentence each ("already running: app (run 5, started 11:02:03Z)"); notes such as "app is paused since …; this
 * manual run goes ahead".
 */
@Serdeable
public record TriggerResponse(List<StartedRun> started, List<String> alreadyRunning, List<String> refused, List<String> notes) {

    /** Empty lists are left out of the JSON, so they come back as null. */
    public TriggerResponse {
        started = started == null ? List.of() : started;
        alreadyRunning = alreadyRunning == null ? List.of() : alreadyRunning;
        refused = refused == null ? List.of() : refused;
        notes = notes == null ? List.of() : notes;
    }

    @Serdeable
    public record StartedRun(String target, Long runId) {
    }
}
