package io.backstop.catalog;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;

/** Off-site copies in the catalog; read-write transactions for the reason given on {@link BackupRunRepository}. */
@JdbcRepository(dialect = Dialect.ANSI)
@Transactional
public interface UploadRepository extends CrudRepository<Upload, Long> {

    List<Upload> findByStatusOrderById(UploadStatus status);

    Optional<Upload> findByTargetAndFile(String target, String file);

    List<Upload> findByTargetAndStatus(String target, UploadStatus status);
}
