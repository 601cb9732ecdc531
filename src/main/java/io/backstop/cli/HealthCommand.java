package io.backstop.cli;

import jakarta.inject.Inject;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * {@code backstop health}: asks the daemon's {@code /health} on loopback; exit 0 when healthy, 1 when not or
 * when no daemon answers. Made for a container HEALTHCHECK, so the image needs no curl.
 */
@Command(name = "health", description = "Ask the running daemon whether its backups are healthy (exit 0) or not (exit 1).")
public class HealthCommand implements Callable<Integer> {
    @Inject DaemonClient daemon;

    @Override
    public Integer call() {
        DaemonClient.Health health = daemon.health();
        (health.healthy() ? System.out : System.err).println(health.summary());
        return health.healthy() ? 0 : 1;
    }
}
