package io.backstop.engine.sqlite;

import io.backstop.config.SimpleMode;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Simple mode's SQLite targets: {@code SQLITE_PATH} ({@code backstop.sqlite-path}), comma-separated, one target per file named after it. */
@ConfigurationProperties("backstop")
public class SqliteSimpleMode implements SimpleMode {
    private static final String KEY = "backstop.sqlite-path";

    @Nullable private String sqlitePath;

    @Nullable public String getSqlitePath() { return sqlitePath; }
    public void setSqlitePath(@Nullable String sqlitePath) { this.sqlitePath = sqlitePath; }

    @Override
    public String enabledBy() {
        return "SQLITE_PATH";
    }

    @Override
    public List<Defined> targets() {
        List<Defined> targets = new ArrayList<>();
        for (String raw : (sqlitePath == null ? "" : sqlitePath).split(",")) {
            String path = raw.trim();
            if (!path.isEmpty()) {
                targets.add(new Defined(stem(path), "sqlite", Map.of("path", path), Map.of("engine", KEY, "connection.path", KEY)));
            }
        }
        return targets;
    }

    static String stem(String path) {
        String file = Path.of(path).getFileName().toString();
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }
}
