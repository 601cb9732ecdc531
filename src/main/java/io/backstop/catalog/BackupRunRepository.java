package io.backstop.catalog;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Runs in the catalog. Read-write transactions throughout: sqlite-jdbc refuses the read-only flag that
 * Micronaut Data sets on read operations once a connection is open.
 */
@JdbcRepository(dialect = Dialect.ANSI)
@Transactional
public interface BackupRunRepository extends CrudRepository<BackupRun, Long> {

    List<BackupRun> findByTargetOrderByIdDesc(String target, Pageable page);

    List<BackupRun> listOrderByIdDesc(Pageable page);

    Optional<BackupRun> findFirstByTargetOrderByIdDesc(String target);

    Optional<BackupRun> findFirstByTargetAndStatusOrderByIdDesc(String target, RunStatus status);

    /** The file column lists every file of a run, comma-separated. */
    boolean existsByFileContains(String file);

    List<BackupRun> findByTargetAndStatusInList(String target, Collection<RunStatus> statuses);

    Optional<BackupRun> findFirstByTargetAndStatusInListOrderByIdDesc(String target, Collection<RunStatus> statuses);

    Optional<BackupRun> findFirstByTargetAndStatusInListAndIdLessThanOrderByIdDesc(String target, Collection<RunStatus> statuses,
                                                                                 long id);

    Optional<BackupRun> findFirstByTargetAndStatusAndIdLessThanOrderByIdDesc(String target, RunStatus status, long id);

    long countByTargetAndStatus(String target, RunStatus status);

    List<BackupRun> findByTargetAndStartedAt(String target, Instant startedAt);
}
