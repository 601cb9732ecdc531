package io.backstop.schedule;

import java.util.Locale;

/** What started a run; recorded in the catalog. */
public enum Trigger {
    SCHEDULE, CATCH_UP, API, CLI;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
