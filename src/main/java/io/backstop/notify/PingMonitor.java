package io.backstop.notify;

import java.net.URI;

/**
 * A ping monitor in the healthchecks.io convention ({@code NOTIFY_PING_URL}): {@code /start} when a run starts, the bare
 * URL when it succeeds, {@code /fail} when it fails. Uptime Kuma's push URLs and similar services take the same.
 */
final class PingMonitor {
    private final String base;

    PingMonitor(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    Destination start() {
        return at("/start");
    }

    Destination success() {
        return at("");
    }

    Destination fail() {
        return at("/fail");
    }

    private Destination at(String suffix) {
        URI uri = URI.create(base + suffix);
        return new Destination() {
            @Override
            public void send(Notification notification) throws Exception {
                HttpPost.empty(uri);
            }

            @Override
            public String describe() {
                return "ping " + MaskedUrl.of(base) + suffix;
            }
        };
    }
}
