package io.backstop.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Introspected;

import java.time.Duration;

/** Limits for every target whose transaction log is captured ({@code backstop.binlog}). */
@ConfigurationProperties("backstop.binlog")
@Introspected
public class LogCaptureLimits {
    private Duration maxLag;
    private Duration shipInterval;

    /** Health turns DOWN when the captured log has been behind the server's for longer ({@code BINLOG_MAX_LAG}). */
    public Duration getMaxLag() { return maxLag; }
    public void setMaxLag(Duration maxLag) { this.maxLag = maxLag; }
    /** The open log file's new events are shipped (compressed, to S3) at least this often ({@code BINLOG_SHIP_INTERVAL}). */
    public Duration getShipInterval() { return shipInterval; }
    public void setShipInterval(Duration shipInterval) { this.shipInterval = shipInterval; }
}
