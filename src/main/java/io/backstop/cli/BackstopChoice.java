package io.backstop.cli;

import jakarta.inject.Singleton;

/** The daemon when one answers on loopback, else this process: see {@link Backstop}. */
@Singleton
class BackstopChoice {
    private final DaemonClient daemon;
    private final LocalBackstop local;

    BackstopChoice(DaemonClient daemon, LocalBackstop local) {
        this.daemon = daemon;
        this.local = local;
    }

    Backstop get() {
        return daemon.isRunning() ? daemon : local;
    }
}
