package io.backstop.config;

/**
 * Continuous capture of a target's transaction log (MySQL's binlog), for point-in-time recovery.
 *
 * @param enabled  {@code BINLOG_CAPTURE} / {@code backstop.targets.<name>.binlog.enabled}
 * @param serverId the replica server id the capture presents to the server; it must clash with no other server's
 */
public record LogCaptureSettings(boolean enabled, long serverId) {
    public static final LogCaptureSettings OFF = new LogCaptureSettings(false, 0);

    /** A stable id per target, high in the range so that it does not meet the small ids servers are usually given. */
    public static long defaultServerId(String target) {
        return 3_000_000_000L + Math.floorMod(target.hashCode(), 1_000_000_000);
    }
}
