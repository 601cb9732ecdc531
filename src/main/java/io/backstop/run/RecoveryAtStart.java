package io.backstop.run;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;

/** The daemon recovers every target before it catches up or serves a request. */
@Singleton
@Requires(notEnv = Environment.CLI)
public class RecoveryAtStart {
    private final RunRecovery recovery;

    public RecoveryAtStart(RunRecovery recovery) {
        this.recovery = recovery;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        recovery.recoverAll();
    }
}
