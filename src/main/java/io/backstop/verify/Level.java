package io.backstop.verify;

import java.util.Locale;

/** How deep a verification goes. */
public enum Level {
    /** The file read back: decompression, SHA-256, the engine's structure check, the counts recorded at backup time. */
    QUICK,
    /** All of quick, through a real restore into a scratch place whose content is counted, then removed. */
    FULL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
