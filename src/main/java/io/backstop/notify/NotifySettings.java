package io.backstop.notify;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.util.List;

/**
 * Who is told what: {@code NOTIFY_URLS} (comma-separated, or a YAML list), {@code NOTIFY_PING_URL},
 * {@code NOTIFY_ON} (default {@code failure,recovery,stale}), {@code NOTIFY_SMTP_PASSWORD_FILE}; how hard delivery
 * is tried: {@code attempts} tries, waiting {@code retry-base}, then twice as long each time.
 */
@ConfigurationProperties("backstop.notify")
public record NotifySettings(@Nullable List<String> urls, @Nullable String pingUrl, @Nullable List<String> on,
                             @Nullable String smtpPasswordFile, @Nullable Integer attempts, @Nullable Duration retryBase,
                             @Nullable Duration staleCheckEvery) {
    static final List<String> EVENTS = List.of("failure", "recovery", "stale", "success");

    public List<String> destinations() {
        return urls == null ? List.of() : urls.stream().map(String::trim).filter(u -> !u.isEmpty()).toList();
    }

    public List<String> events() {
        List<String> chosen = on == null ? List.of() : on.stream().map(String::trim).filter(e -> !e.isEmpty()).toList();
        return chosen.isEmpty() ? List.of("failure", "recovery", "stale") : chosen;
    }

    int maxAttempts() {
        return attempts == null ? 5 : attempts;
    }

    Duration firstRetryAfter() {
        return retryBase == null ? Duration.ofSeconds(30) : retryBase;
    }

    Duration staleCheckInterval() {
        return staleCheckEvery == null ? Duration.ofMinutes(1) : staleCheckEvery;
    }
}
