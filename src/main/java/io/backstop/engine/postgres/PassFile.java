package io.backstop.engine.postgres;

import io.backstop.engine.SecretFile;

import java.io.IOException;
import java.util.Map;

/**
 * The libpq password file ({@code PGPASSFILE}) the PostgreSQL tools read the password from; see {@link SecretFile}.
 * The tools get the file's path in their environment, never the password.
 */
final class PassFile implements AutoCloseable {
    private final SecretFile file;

    private PassFile(SecretFile file) {
        this.file = file;
    }

    static PassFile write(PostgresSettings settings) throws IOException {
        return new PassFile(SecretFile.write("postgres", "pgpass", "*:*:*:" + escape(settings.user()) + ":"
                + escape(settings.password()) + "\n"));
    }

    /** What the tools' environment gets: the file's path, and no password prompt ever. */
    Map<String, String> environment() {
        return Map.of("PGPASSFILE", file.path().toString(), "PGCONNECT_TIMEOUT", "10");
    }

    /** In a password file, {@code :} separates fields and {@code \} escapes. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace(":", "\\:");
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
