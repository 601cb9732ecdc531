package io.backstop.support;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real MongoDB Database Tools: {@code MONGODB_TOOLS_DIR}, else {@code ../shared/tools/mongodb-database-tools/bin}.
 * CI sets the variable; a test that needs them fails without them, it does not skip.
 */
public final class MongoDatabaseTools {
    private MongoDatabaseTools() {
    }

    public static Path dir() {
        String configured = System.getenv("MONGODB_TOOLS_DIR");
        Path dir = configured != null ? Path.of(configured) : Path.of("../shared/tools/mongodb-database-tools/bin").toAbsolutePath();
        assertTrue(Files.isExecutable(dir.resolve("mongodump")) && Files.isExecutable(dir.resolve("mongorestore")),
                "the MongoDB Database Tools are needed at " + dir + " (set MONGODB_TOOLS_DIR)");
        return dir;
    }
}
