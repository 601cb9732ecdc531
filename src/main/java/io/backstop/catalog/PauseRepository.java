package io.backstop.catalog;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import jakarta.transaction.Transactional;

/** Paused targets; read-write transactions for the reason given on {@link BackupRunRepository}. */
@JdbcRepository(dialect = Dialect.ANSI)
@Transactional
public interface PauseRepository extends CrudRepository<Pause, String> {
}
