package io.backstop.engine.mysql;

import io.backstop.engine.SecretFile;

import java.io.IOException;

/** The {@code [client]} option file a MySQL tool reads its credentials from; see {@link SecretFile}. */
final class DefaultsFile implements AutoCloseable {
    private final SecretFile file;

    private DefaultsFile(SecretFile file) {
        this.file = file;
    }

    static DefaultsFile write(MysqlConnection connection) throws IOException {
        return new DefaultsFile(SecretFile.write("mysql", "client.cnf", "[client]\n"
                + "host=" + quote(connection.host()) + "\n"
                + "port=" + connection.port() + "\n"
                + "user=" + quote(connection.user()) + "\n"
                + "password=" + quote(connection.password()) + "\n"));
    }

    /** Must be the first option on the command line, or the tool ignores it. */
    String option() {
        return "--defaults-extra-file=" + file.path();
    }

    /** Option-file quoting: inside double quotes, backslash and the quote itself are escaped. */
    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
