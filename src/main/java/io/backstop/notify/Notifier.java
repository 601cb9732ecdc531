package io.backstop.notify;

import io.backstop.api.VerificationHealthIndicator;
import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.pitr.CaptureStatus;
import io.backstop.pitr.LogCaptures;
import io.backstop.catalog.RunStatus;
import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.run.RunEnded;
import io.backstop.run.RunStarted;
import io.backstop.schedule.Freshness;
import io.backstop.schedule.FreshnessCheck;
import io.backstop.storage.OffsiteCopies;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tells a person when something changes: the first failure after a success ({@code failure}), the first success after
 * a failure ({@code recovery}), a target whose health turns DOWN for freshness, verification or uploads ({@code stale}),
 * and, if asked, every success. One notification per change of state, judged from the catalog (so a restart neither
 * repeats nor forgets one). Delivered on a thread of its own, never the run's; each destination is retried with
 * backoff, and each failed attempt is one WARN line with the address masked.
 */
@Context
@Requires(notEnv = Environment.CLI)
public class Notifier {
    private static final Logger LOG = LoggerFactory.getLogger("backstop.notify");

    private final NotifySettings settings;
    private final List<Destination> destinations;
    private final Optional<PingMonitor> ping;
    private final Catalog catalog;
    private final Targets targets;
    private final FreshnessCheck freshness;
    private final VerificationHealthIndicator verification;
    private final Optional<OffsiteCopies> offsite;
    private final Optional<LogCaptures> captures;
    private final String host;
    private final Map<String, Boolean> healthy = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "notify");
        thread.setDaemon(true);
        return thread;
    });

    public Notifier(NotifySettings settings, JsonMapper json, Catalog catalog, Targets targets, FreshnessCheck freshness,
                    VerificationHealthIndicator verification, Optional<OffsiteCopies> offsite, Optional<LogCaptures> captures) {
        this.captures = captures;
        this.settings = settings;
        this.destinations = Destinations.of(settings, json);
        this.ping = Optional.ofNullable(settings.pingUrl()).filter(u -> !u.isBlank()).map(PingMonitor::new);
        this.catalog = catalog;
        this.targets = targets;
        this.freshness = freshness;
        this.verification = verification;
        this.offsite = offsite;
        this.host = hostName();
        if (!destinations.isEmpty()) {
            long every = settings.staleCheckInterval().toMillis();
            sender.scheduleWithFixedDelay(this::checkHealth, every, every, TimeUnit.MILLISECONDS);
        }
    }

    @EventListener
    void onStarted(RunStarted started) {
        ping.ifPresent(p -> sender.execute(() -> attempt(p.start(), pingOnly(started.target(), started.runId(), "RUNNING"), 1)));
    }

    @EventListener
    void onEnded(RunEnded ended) {
        sender.execute(() -> judge(ended.run()));
    }

    private void judge(BackupRun run) {
        if (run.status() == RunStatus.INTERRUPTED || run.id() == null) {
            return; // Backstop was stopped: that says nothing about the target
        }
        boolean succeeded = run.status() == RunStatus.SUCCEEDED;
        ping.ifPresent(p -> attempt(succeeded ? p.success() : p.fail(), pingOnly(run.target(), run.id(), run.status().name()), 1));
        Optional<BackupRun> previous;
        try {
            previous = catalog.previousVerdict(run.target(), run.id());
        } catch (RuntimeException e) {
            LOG.warn("notify: cannot read the run before run {} of {} from the catalog, so treating it as a change: {}",
                    run.id(), run.target(), e.toString());
            previous = Optional.empty();
        }
        boolean wasFailing = previous.map(p -> p.status() == RunStatus.FAILED).orElse(false);
        if (!succeeded && !wasFailing) {
            send(about(run, "failure", "Backstop on " + host + ": backup of " + run.target() + " FAILED: " + run.error()));
        } else if (succeeded && wasFailing) {
            send(about(run, "recovery", "Backstop on " + host + ": backup of " + run.target() + " succeeded again after failing"));
        } else if (succeeded) {
            send(about(run, "success", "Backstop on " + host + ": backup of " + run.target() + " succeeded (" + run.bytes() + " bytes)"));
        }
    }

    /** Health that turns DOWN is a {@code stale} notification, once; it is armed again when health is back UP. */
    void checkHealth() {
        try {
            for (Target target : targets.all()) {
                List<String> reasons = new ArrayList<>();
                Freshness fresh = freshness.check(target);
                if (!fresh.healthy()) {
                    reasons.add(fresh.reason());
                }
                VerificationHealthIndicator.State verified = verification.state(target);
                if (!verified.healthy()) {
                    reasons.add(verified.reason());
                }
                captures.flatMap(c -> c.status(target.name())).map(CaptureStatus::problem).ifPresent(reasons::add);
                changed(target.name(), reasons);
            }
            offsite.ifPresent(copies -> {
                OffsiteCopies.Status status = copies.status();
                changed("(S3 copies)", status.overdue() ? List.of(status.pending() + " upload(s) pending longer than"
                        + " S3_PENDING_MAX_AGE; last error: " + status.lastError()) : List.of());
            });
        } catch (RuntimeException e) {
            LOG.warn("notify: the health check for stale notifications failed: {}", e.toString());
        }
    }

    private void changed(String target, List<String> reasons) {
        boolean nowHealthy = reasons.isEmpty();
        Boolean before = healthy.put(target, nowHealthy);
        if (!nowHealthy && (before == null || before)) {
            String cause = String.join("; ", reasons);
            send(new Notification("stale", target, null, "DOWN", cause, null, null, null, null, null, host,
                    "Backstop on " + host + ": " + target + " is DOWN: " + cause));
        }
    }

    private Notification about(BackupRun run, String event, String message) {
        return new Notification(event, run.target(), run.id(), run.status().name(), run.error(), run.bytes(), run.rawBytes(),
                run.file(), run.startedAt(), run.finishedAt(), host, message);
    }

    private Notification pingOnly(String target, long runId, String status) {
        return new Notification("ping", target, runId, status, null, null, null, null, null, null, host, "");
    }

    private void send(Notification notification) {
        if (!settings.events().contains(notification.event())) {
            return;
        }
        for (Destination destination : destinations) {
            attempt(destination, notification, 1);
        }
    }

    private void attempt(Destination destination, Notification notification, int attempt) {
        try {
            destination.send(notification);
            LOG.atInfo().addKeyValue("event", "notify.sent").addKeyValue("target", notification.target())
                    .log("notification {} for {} sent to {}", notification.event(), notification.target(), destination.describe());
        } catch (Exception e) {
            boolean again = attempt < settings.maxAttempts();
            Duration wait = settings.firstRetryAfter().multipliedBy(1L << Math.min(attempt - 1, 20));
            LOG.atWarn().addKeyValue("event", again ? "notify.retry" : "notify.failed").addKeyValue("target", notification.target())
                    .log("notification {} for {} to {} failed (attempt {} of {}){}: {}", notification.event(), notification.target(),
                            destination.describe(), attempt, settings.maxAttempts(), again ? ", retrying in " + human(wait) : ", given up",
                            errorWithoutAddress(e));
            if (again && !sender.isShutdown()) {
                sender.schedule(() -> attempt(destination, notification, attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private static String human(Duration wait) {
        return wait.compareTo(Duration.ofSeconds(10)) < 0 ? wait.toMillis() + " ms" : wait.toSeconds() + " s";
    }

    /** Exception messages can repeat the address with its token; the class and the HTTP status are enough. */
    private static String errorWithoutAddress(Exception e) {
        String message = e.getMessage() == null ? "" : e.getMessage().replaceAll("[a-z]+://\\S+", "(address)");
        return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    @PreDestroy
    void stop() {
        sender.shutdownNow();
    }

    /** In a container: the container's host name, which compose sets. */
    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
