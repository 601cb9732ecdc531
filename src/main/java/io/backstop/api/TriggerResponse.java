package io.backstop.api;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * The answer to a trigger: the runs started, and for "run all", the targets that were already running.
 */
@Serdeable
public record TriggerResponse(List<StartedRun> started, List<String> alreadyRunning) {

    @Serdeable
    public record StartedRun(String target, Long runId) {
    }
}
