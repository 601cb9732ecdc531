package io.backstop.engine.mysql;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The views, routines, triggers and events a mysqldump file creates, as {@code kind:name}, collected line by line as
 * the dump passes: what a full verification expects to find in the restored scratch database.
 */
final class DumpObjects {
    private static final String NAME = "(?:`(?:[^`]|``)+`|[\\w$]+)";
    /** A kind and its name, optionally schema-qualified; MariaDB writes trigger names as the CREATE did, often bare. */
    private static final Pattern CREATED = Pattern.compile("\\b(VIEW|TRIGGER|PROCEDURE|FUNCTION|EVENT) (" + NAME + ")(?:\\.(" + NAME + "))?");

    private final Set<String> names = new TreeSet<>();

    void line(byte[] line) {
        if (line.length < 8 || !(startsWith(line, "/*!") || startsWith(line, "CREATE"))) {
            return;
        }
        String text = new String(line, StandardCharsets.UTF_8);
        if (text.contains("DROP ")) {
            return;
        }
        Matcher m = CREATED.matcher(text);
        if (m.find()) {
            String name = m.group(3) != null ? m.group(3) : m.group(2);
            if (name.startsWith("`")) {
                name = name.substring(1, name.length() - 1).replace("``", "`");
            }
            names.add(m.group(1).toLowerCase(java.util.Locale.ROOT) + ":" + name);
        }
    }

    Set<String> names() {
        return Set.copyOf(names);
    }

    private static boolean startsWith(byte[] bytes, String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (bytes[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
