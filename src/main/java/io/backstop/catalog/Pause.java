package io.backstop.catalog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * A target whose scheduled runs are switched off, since when, until when (null: until resumed) and why.
 */
@Serdeable
@MappedEntity("pauses")
public record Pause(@Id String target, Instant since, @Nullable Instant until, @Nullable String reason) {
    public boolean activeAt(Instant now) {
        return until == null || now.isBefore(until);
    }
}
