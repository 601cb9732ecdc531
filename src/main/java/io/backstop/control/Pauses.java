package io.backstop.control;

import io.backstop.Refused;
import io.backstop.catalog.Pause;
import io.backstop.catalog.PauseRepository;
import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.config.BackstopConfig;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Switching a target's scheduled runs off and on, kept in the catalog so a restart keeps it. A pause with an end
 * resumes by itself. A manual run still runs. Health calls a paused target paused, not stale, until
 * {@code BACKUP_PAUSE_MAX}; after that a forgotten pause is DOWN.
 */
@Singleton
public class Pauses {
    private static final Logger LOG = LoggerFactory.getLogger("backstop.control");

    private final PauseRepository pauses;
    private final Targets targets;
    private final Clock clock;
    private final Duration maxPause;

    public Pauses(PauseRepository pauses, Targets targets, Clock clock, BackstopConfig config) {
        this.pauses = pauses;
        this.targets = targets;
        this.clock = clock;
        this.maxPause = config.getPauseMax();
    }

    /** @param target null for every target */
    public List<Pause> pause(@Nullable String target, @Nullable Duration length, @Nullable String reason) throws Refused {
        Instant now = clock.instant();
        List<Pause> paused = new ArrayList<>();
        for (Target t : chosen(target)) {
            Pause pause = new Pause(t.name(), now, length == null ? null : now.plus(length), blankToNull(reason));
            pauses.deleteById(t.name());
            paused.add(pauses.save(pause));
            LOG.atInfo().addKeyValue("event", "target.paused").addKeyValue("target", t.name())
                    .log("paused: target={} until={} reason={}", t.name(), pause.until() == null ? "resumed" : pause.until(),
                            pause.reason() == null ? "(none given)" : pause.reason());
        }
        return paused;
    }

    /** @return the targets that were paused */
    public List<String> resume(@Nullable String target) throws Refused {
        List<String> resumed = new ArrayList<>();
        for (Target t : chosen(target)) {
            if (pauses.existsById(t.name())) {
                pauses.deleteById(t.name());
                resumed.add(t.name());
                LOG.atInfo().addKeyValue("event", "target.resumed").addKeyValue("target", t.name()).log("resumed: target={}", t.name());
            }
        }
        return resumed;
    }

    /** The target's pause if it is in force now; one that has run out is removed (and logged) here. */
    public Optional<Pause> active(String target) {
        Optional<Pause> pause = pauses.findById(target);
        if (pause.isPresent() && !pause.get().activeAt(clock.instant())) {
            pauses.deleteById(target);
            LOG.atInfo().addKeyValue("event", "target.resumed").addKeyValue("target", target)
                    .log("resumed: target={} (its pause ended at {})", target, pause.get().until());
            return Optional.empty();
        }
        return pause;
    }

    /** Paused for longer than {@code BACKUP_PAUSE_MAX}: forgotten, so health turns DOWN. */
    public boolean overdue(Pause pause) {
        return Duration.between(pause.since(), clock.instant()).compareTo(maxPause) > 0;
    }

    public Duration maxPause() {
        return maxPause;
    }

    /** For a manual run of a paused target: "shop is paused since …; this manual run goes ahead, …"; empty if not paused. */
    public Optional<String> manualRunNote(String target) {
        return active(target).map(p -> target + " is " + describe(p)
                + "; this manual run goes ahead, scheduled runs stay off until it is resumed");
    }

    /** "paused since 2026-11-23T10:00:00Z until 2026-11-23T12:00:00Z: migrating" */
    public static String describe(Pause pause) {
        return "paused since " + pause.since() + (pause.until() == null ? "" : " until " + pause.until())
                + (pause.reason() == null ? "" : ": " + pause.reason());
    }

    private List<Target> chosen(@Nullable String target) throws Refused {
        if (target == null) {
            return targets.all();
        }
        return List.of(targets.find(target).orElseThrow(() -> new Refused("unknown target '" + target + "'; configured: "
                + targets.all().stream().map(Target::name).toList(), true)));
    }

    private static String blankToNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
