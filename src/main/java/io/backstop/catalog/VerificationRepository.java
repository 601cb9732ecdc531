package io.backstop.catalog;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;

/** Verifications in the catalog; read-write transactions for the reason given on {@link BackupRunRepository}. */
@JdbcRepository(dialect = Dialect.ANSI)
@Transactional
public interface VerificationRepository extends CrudRepository<Verification, Long> {

    Optional<Verification> findFirstByTargetAndFileOrderByIdDesc(String target, String file);

    List<Verification> findByRunIdOrderById(Long runId);

    Optional<Verification> findFirstByTargetOrderByIdDesc(String target);

    Optional<Verification> findFirstByTargetAndLevelOrderByIdDesc(String target, String level);

    Optional<Verification> findFirstByTargetAndLevelAndPassedOrderByIdDesc(String target, String level, boolean passed);
}
