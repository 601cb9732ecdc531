package io.backstop.engine.mysql;

import io.backstop.config.Target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Where and as whom to connect. The password comes from {@code password} or from the file named by
 * {@code password-file} (Docker secrets), read when needed and never logged: {@link #toString} hides it.
 */
record MysqlConnection(String host, int port, String user, String password) {
    static final int DEFAULT_PORT = 3306;

    static MysqlConnection of(Target target) throws IOException {
        String passwordFile = target.setting("password-file");
        String password = passwordFile != null && !passwordFile.isBlank()
                ? Files.readString(Path.of(passwordFile)).strip()
                : target.setting("password");
        String port = target.setting("port");
        String user = target.setting("user");
        return new MysqlConnection(target.setting("host"), port == null || port.isBlank() ? DEFAULT_PORT : Integer.parseInt(port.trim()),
                user == null || user.isBlank() ? "root" : user, password == null ? "" : password);
    }

    Connection open() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "10000");
        properties.setProperty("allowPublicKeyRetrieval", "true");
        properties.setProperty("sslMode", "PREFERRED");
        return DriverManager.getConnection("jdbc:mysql://" + host + ":" + port + "/", properties);
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port;
    }
}
