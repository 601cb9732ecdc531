package io.backstop.config;

import java.util.List;
import java.util.Map;

/**
 * One engine's simple mode: the targets its environment variables define. Each engine implements it in its own
 * package as a bean, so {@code config} knows no engine by name.
 */
public interface SimpleMode {

    /** The variable that turns it on, for the message when no target is configured, e.g. {@code MYSQL_HOST}. */
    String enabledBy();

    /** The targets defined now; empty when the engine's variables are not set. */
    List<Defined> targets();

    /**
     * @param connection the engine's settings, only those that are set
     * @param keys       for each setting ({@code engine}, {@code connection.host}, ...) the property that fed it, such as
     *                   {@code backstop.mysql.host}; messages name the environment variable behind it
     * @param logCapture the transaction-log capture settings ({@code enabled}, {@code server-id}) as written, only
     *                   those that are set; their keys are {@code binlog.enabled} and {@code binlog.server-id}
     */
    record Defined(String name, String engine, Map<String, String> connection, Map<String, String> keys,
                   Map<String, String> logCapture) {
        public Defined(String name, String engine, Map<String, String> connection, Map<String, String> keys) {
            this(name, engine, connection, keys, Map.of());
        }
    }
}
