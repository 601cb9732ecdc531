package io.backstop.api;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * The answer to a trigger: the runs started, and for "run all", the targets that were already running.
 */
@Serdeable
public record TriggerResponse(List<StartedRun> started, List<String> alreadyRunning) {

    /** Empty lists are left out of the JSON, so they come back as null. */
    public TriggerResponse {
        started = started == null ? List.of() : started;
        alreadyRunning = alreadyRunning == null ? List.of() : alreadyRunning;
    }

    @Serdeable
    public record StartedRun(String target, Long runId) {
    }
}
