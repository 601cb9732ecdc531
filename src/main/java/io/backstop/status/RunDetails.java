package io.backstop.status;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Verification;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** One run as {@code GET /api/backups/{id}} shows it: the catalog's record and every check of its files. */
@Serdeable
public record RunDetails(@JsonUnwrapped BackupRun run, List<Verification> verifications) {

    /** Empty lists are left out of the JSON, so they come back as null. */
    public RunDetails {
        verifications = verifications == null ? List.of() : verifications;
    }
}
