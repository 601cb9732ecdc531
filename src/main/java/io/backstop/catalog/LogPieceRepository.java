package io.backstop.catalog;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import jakarta.transaction.Transactional;

import java.util.List;

/** Shipped transaction-log pieces; read-write transactions for the reason given on {@link BackupRunRepository}. */
@JdbcRepository(dialect = Dialect.ANSI)
@Transactional
public interface LogPieceRepository extends CrudRepository<LogPiece, Long> {

    List<LogPiece> findByTargetAndLogOrderById(String target, String log);
}
