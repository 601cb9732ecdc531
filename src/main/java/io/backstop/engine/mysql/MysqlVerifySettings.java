package io.backstop.engine.mysql;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * Where a full verification restores a dump: {@code VERIFY_MYSQL} ({@code place}: local or server; blank: local where
 * the server binaries are installed), and for server, {@code VERIFY_MYSQL_HOST}/{@code VERIFY_MYSQL_PORT} (blank: the
 * target's own). Checked, with their environment variable names, by the global configuration check.
 */
@ConfigurationProperties("backstop.verify.mysql")
record MysqlVerifySettings(@Nullable String place, @Nullable String host, @Nullable String port) {
    String placeOrBlank() {
        return place == null ? "" : place.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
