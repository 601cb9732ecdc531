package io.backstop.catalog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** A backup file retention deleted from the volume: kept so the count survives a restart (metrics). */
@MappedEntity("deletions")
public record Deletion(@Id @GeneratedValue @Nullable Long id, String target, String file, Instant deletedAt) {
}
