package io.backstop.catalog;

import io.backstop.config.BackupDirCheck;
import io.backstop.config.ConfigurationProblems;
import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Before the catalog's connection pool opens the file: makes sure its directory exists and moves a damaged
 * catalog aside (it is rebuilt from the manifests), so a broken catalog never stops backups.
 */
@Singleton
public class CatalogFileGuard implements BeanCreatedEventListener<DatasourceConfiguration> {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogFileGuard.class);
    private static final String PREFIX = "jdbc:sqlite:";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    @Override
    public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration config = event.getBean();
        String url = config.getUrl();
        if (url != null && url.startsWith(PREFIX)) {
            Path file = Path.of(url.substring(PREFIX.length()).replaceFirst("\\?.*$", ""));
            BackupDirCheck.problem(file.toAbsolutePath().getParent().toString()).ifPresent(problem -> {
                throw new ConfigurationProblems(List.of("BACKUP_DIR (backstop.dir): " + problem));
            });
            try {
                if (Files.exists(file)) {
                    String damage = damage(file);
                    if (damage != null) {
                        moveAside(file, damage);
                    }
                }
                ownerOnly(file);
            } catch (IOException e) {
                throw new IllegalStateException("cannot prepare the catalog at " + file + ": " + e.getMessage(), e);
            }
        }
        return config;
    }

    /**
     * The catalog holds what the backups are, so it is as private as they are: 0600. SQLite creates its -wal and -shm
     * files with the database file's mode, so creating the (empty) file first is enough for a new catalog.
     */
    private static void ownerOnly(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path part = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(part) && !Files.getPosixFilePermissions(part).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(part, OWNER_ONLY);
            }
        }
    }

    /** Null when the file is a sound SQLite database, else what is wrong with it. */
    static String damage(Path file) {
        try (Connection connection = DriverManager.getConnection(PREFIX + file);
             Statement sql = connection.createStatement();
             ResultSet rs = sql.executeQuery("PRAGMA quick_check")) {
            String verdict = rs.next() ? rs.getString(1) : "no answer to quick_check";
            return "ok".equals(verdict) ? null : verdict;
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private static void moveAside(Path file, String damage) throws IOException {
        String stamp = String.valueOf(Instant.now().getEpochSecond());
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path part = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(part)) {
                Files.move(part, file.resolveSibling(file.getFileName() + ".damaged-" + stamp + suffix));
            }
        }
        LOG.warn("catalog {} is damaged ({}); moved it aside and rebuilding it from the backup manifests", file, damage);
    }
}
