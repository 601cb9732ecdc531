package io.backstop.cli;

import jakarta.inject.Inject;
import picocli.CommandLine.Command;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code backstop health}: asks the daemon's {@code /health} on loopback and prints one line per target; exit 0 when
 * healthy, 1 when not or when no daemon answers. Made for a container HEALTHCHECK, so the image needs no curl.
 */
@Command(name = "health", description = "Ask the running daemon whether its backups are healthy (exit 0) or not (exit 1).")
public class HealthCommand implements Callable<Integer> {
    @Inject HealthSource daemon;

    @Override
    public Integer call() {
        DaemonClient.Health health = daemon.health();
        if (!health.answered()) {
            System.err.println(health.problem());
            return 1;
        }
        Map<String, Object> components = map(health.body().get("details"));
        map(map(components.get("backups")).get("details")).forEach((target, value) -> {
            Map<String, Object> f = map(value);
            System.out.println(target + ": " + (Boolean.TRUE.equals(f.get("healthy")) ? "OK" : "UNHEALTHY") + ", " + f.get("reason"));
        });
        map(map(components.get("verification")).get("details")).forEach((target, value) -> {
            Map<String, Object> v = map(value);
            if (!Boolean.TRUE.equals(v.get("healthy"))) {
                System.out.println(target + ": UNHEALTHY, " + v.get("reason"));
            }
        });
        Map<String, Object> offsite = map(map(components.get("offsite")).get("details"));
        if (!offsite.isEmpty()) {
            System.out.println("offsite: " + map(components.get("offsite")).get("status") + ", " + offsite.get("reason"));
        }
        (health.healthy() ? System.out : System.err).println(health.healthy() ? "healthy" : "UNHEALTHY");
        return health.healthy() ? 0 : 1;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
