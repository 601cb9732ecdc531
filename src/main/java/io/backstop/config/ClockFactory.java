package io.backstop.config;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;

/** The one clock every time decision uses; tests replace it to move time. */
@Factory
public class ClockFactory {
    /** Millisecond precision: what the catalog stores is exactly what the code saw. */
    @Singleton
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }
}
