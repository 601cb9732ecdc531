package io.backstop.notify;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * What a webhook receives as JSON, and what every other form is made from.
 *
 * @param event   {@code failure}, {@code recovery}, {@code stale} or {@code success}
 * @param status  the run's status ({@code SUCCEEDED}, {@code FAILED}, {@code INTERRUPTED}), or {@code DOWN} for stale
 * @param cause   why it failed or is stale; null for a success
 * @param message one line for a person: "Backstop: backup of shop FAILED: mysqldump failed ..."
 */
@Serdeable
public record Notification(String event, String target, @Nullable Long run, String status, @Nullable String cause,
                           @Nullable Long bytes, @Nullable Long rawBytes, @Nullable String files,
                           @Nullable Instant startedAt, @Nullable Instant finishedAt, String host, String message) {
}
