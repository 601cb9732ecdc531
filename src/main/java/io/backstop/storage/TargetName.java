package io.backstop.storage;

import java.util.regex.Pattern;

/**
 * The grammar of target names: they become directory and file names, so a name read from a manifest, the catalog
 * or a URL is only ever used after it passed this check.
 */
public final class TargetName {
    public static final String RULE = "letters, digits, '.', '-' or single '_', starting with a letter or digit";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*(_[A-Za-z0-9.-]+)*");
    private static final int MAX_LENGTH = 100;

    private TargetName() {
    }

    public static boolean isValid(String name) {
        return name != null && name.length() <= MAX_LENGTH && VALID.matcher(name).matches() && !name.contains("_backup_");
    }
}
