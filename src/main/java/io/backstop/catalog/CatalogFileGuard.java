package io.backstop.catalog;

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
import java.time.Instant;

/**
 * Before the catalog's connection pool opens the file: makes sure its directory exists and moves a damaged
 * catalog aside (it is rebuilt from the manifests), so a broken catalog never stops backups.
 */
@Singleton
public class CatalogFileGuard implements BeanCreatedEventListener<DatasourceConfiguration> {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogFileGuard.class);
    private static final String PREFIX = "jdbc:sqlite:";

    @Override
    public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration config = event.getBean();
        String url = config.getUrl();
        if (url != null && url.startsWith(PREFIX)) {
            Path file = Path.of(url.substring(PREFIX.length()).replaceFirst("\\?.*$", ""));
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                if (Files.exists(file)) {
                    String damage = damage(file);
                    if (damage != null) {
                        moveAside(file, damage);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot prepare the catalog at " + file + ": " + e.getMessage(), e);
            }
        }
        return config;
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
