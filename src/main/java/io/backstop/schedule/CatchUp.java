package io.backstop.schedule;

import java.time.Instant;
import java.util.Optional;

/** Whether a target missed a scheduled run while Backstop was not running. */
public final class CatchUp {
    private CatchUp() {
    }

    /** Due when there is no successful backup, or the newest started before the last scheduled fire time. */
    public static boolean isDue(Optional<Instant> newestSuccess, CronSchedule schedule, Instant now) {
        return newestSuccess.map(newest -> newest.isBefore(schedule.previousBefore(now))).orElse(true);
    }
}
