package io.backstop.catalog;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;

/** The files of successful runs; read-write transactions for the reason given on {@link BackupRunRepository}. */
@JdbcRepository(dialect = Dialect.ANSI)
@Transactional
public interface BackupFileRepository extends CrudRepository<BackupFile, Long> {

    Optional<BackupFile> findByTargetAndFile(String target, String file);

    boolean existsByFile(String file);

    List<BackupFile> findByRunId(long runId);
}
