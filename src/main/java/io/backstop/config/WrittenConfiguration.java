package io.backstop.config;

import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.core.naming.NameUtils;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration as the operator wrote it, before Micronaut normalizes names ({@code shop_db} becomes
 * {@code shop-db} there): the keys of the YAML file and of properties given to the context, and for each setting the
 * environment variable that feeds it. That variable is written once, in application.yml ({@code ${BACKUP_DIR:...}}),
 * and read back from there, so every message can name it.
 */
@Singleton
public class WrittenConfiguration {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");
    private static final String DEFAULTS = "application";

    private final Environment environment;

    public WrittenConfiguration(Environment environment) {
        this.environment = environment;
    }

    /** Keys under {@code prefix} exactly as the operator wrote them, with their values. */
    public Map<String, Object> keysUnder(String prefix) {
        Map<String, Object> keys = new LinkedHashMap<>();
        for (PropertySource source : environment.getPropertySources()) {
            if (!isOperators(source)) {
                continue;
            }
            for (String key : source) {
                if (key.startsWith(prefix)) {
                    keys.putIfAbsent(key, source.get(key));
                }
            }
        }
        return keys;
    }

    /** The keys application.yml defines under {@code prefix}: every setting Backstop knows there. */
    public Map<String, Object> defaultsUnder(String prefix) {
        Map<String, Object> keys = new LinkedHashMap<>();
        environment.getPropertySources().stream().filter(s -> s.getName().equals(DEFAULTS)).findFirst().ifPresent(source -> {
            for (String key : source) {
                if (key.startsWith(prefix)) {
                    keys.put(key, source.get(key));
                }
            }
        });
        return keys;
    }

    /** The setting's current value as text, whatever its type, so a bad value can be reported instead of thrown. */
    public Optional<String> value(String key) {
        return environment.getProperty(key, String.class);
    }

    /** "BACKUP_RETENTION_DAYS (backstop.retention-days)", or the key alone when no variable feeds it. */
    public String describe(String key) {
        return environmentVariable(key).map(v -> v + " (" + key + ")").orElse(key);
    }

    /** Every environment variable application.yml maps to a setting. */
    public Set<String> environmentVariables() {
        Set<String> names = new TreeSet<>();
        for (Object declared : defaultsUnder("").values()) {
            Matcher m = PLACEHOLDER.matcher(String.valueOf(declared));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    public Optional<String> environmentVariable(String key) {
        Object declared = defaultsUnder(key).get(key);
        if (declared == null) {
            return Optional.empty();
        }
        Matcher m = PLACEHOLDER.matcher(declared.toString());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** How Micronaut spells a name internally: {@code shop_db} and {@code shopDb} both become {@code shop-db}. */
    public static String normalized(String name) {
        return NameUtils.hyphenate(name);
    }

    /** The YAML file(s) and the properties a program gave the context; not the defaults, environment or system properties. */
    private static boolean isOperators(PropertySource source) {
        return source.getName().equals("context") || source.getName().contains("/");
    }
}
