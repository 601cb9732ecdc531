package io.backstop.storage;

import java.util.regex.Pattern;

/** Part labels: what one target backs up into separate files, such as the databases of a MySQL server. */
public final class BackupPart {
    /** The part of engines that write one file per run. */
    public static final String WHOLE = "";
    static final String LABEL = "[A-Za-z0-9_$-]{1,64}";
    private static final Pattern VALID = Pattern.compile(LABEL);

    private BackupPart() {
    }

    /** Whether a part name can go into a file name as it is. */
    public static boolean isValid(String part) {
        return part.isEmpty() || VALID.matcher(part).matches();
    }
}
