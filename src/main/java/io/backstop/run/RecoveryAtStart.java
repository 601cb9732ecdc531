package io.backstop.run;

import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.engine.EngineRegistry;
import io.backstop.schedule.FailureCause;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;

/**
 * The daemon recovers every target before it catches up or serves a request, and drops the scratch databases of a
 * full verification that was killed.
 */
@Singleton
@Requires(notEnv = Environment.CLI)
public class RecoveryAtStart {
    private static final Logger LOG = LoggerFactory.getLogger(RecoveryAtStart.class);

    private final RunRecovery recovery;
    private final Targets targets;
    private final EngineRegistry engines;
    private final ExecutorService blocking;

    public RecoveryAtStart(RunRecovery recovery, Targets targets, EngineRegistry engines,
                           @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.blocking = blocking;
        this.recovery = recovery;
        this.targets = targets;
        this.engines = engines;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        recovery.recoverAll();
        // in the background: a database server that is down must not hold up the start
        blocking.submit(this::dropScratchDatabases);
    }

    private void dropScratchDatabases() {
        for (Target target : targets.all()) {
            try {
                engines.require(target.engine()).removeVerificationLeftovers(target);
            } catch (Exception e) {
                LOG.warn("could not check target {} for scratch databases of a killed verification: {}", target.name(),
                        FailureCause.describe(e));
            }
        }
    }
}
