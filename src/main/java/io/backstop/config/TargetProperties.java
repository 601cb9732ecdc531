package io.backstop.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

import java.util.LinkedHashMap;
import java.util.Map;

/** Full mode: one named target under {@code backstop.targets.<name>}; unset fields inherit the globals. */
@EachProperty("backstop.targets")
public class TargetProperties {
    private final String name;
    @Nullable private String engine;
    private Map<String, String> connection = new LinkedHashMap<>();
    @Nullable private String schedule;
    @Nullable private Integer retentionDays;
    @Nullable private Integer keepMin;

    public TargetProperties(@Parameter String name) { this.name = name; }

    public String getName() { return name; }
    @Nullable public String getEngine() { return engine; }
    public void setEngine(@Nullable String engine) { this.engine = engine; }
    public Map<String, String> getConnection() { return connection; }
    public void setConnection(Map<String, String> connection) { this.connection = connection; }
    @Nullable public String getSchedule() { return schedule; }
    public void setSchedule(@Nullable String schedule) { this.schedule = schedule; }
    @Nullable public Integer getRetentionDays() { return retentionDays; }
    public void setRetentionDays(@Nullable Integer retentionDays) { this.retentionDays = retentionDays; }
    @Nullable public Integer getKeepMin() { return keepMin; }
    public void setKeepMin(@Nullable Integer keepMin) { this.keepMin = keepMin; }
}
