package io.backstop.schedule;

import java.util.Locale;

/** What started a run; recorded in the catalog. LOG_CHAIN: the captured transaction log needs a full backup to start from. */
public enum Trigger {
    SCHEDULE, CATCH_UP, API, CLI, LOG_CHAIN;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
