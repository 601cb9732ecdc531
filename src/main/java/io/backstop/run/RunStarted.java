package io.backstop.run;

/** Published when a run begins its dump (after it was claimed and recorded as running). */
public record RunStarted(String target, long runId) {
}
