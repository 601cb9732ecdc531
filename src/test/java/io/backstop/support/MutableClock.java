package io.backstop.support;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A real clock that a test can move forward, to see how Backstop judges old backups. */
@Singleton
@Replaces(Clock.class)
@Requires(property = "test.clock", value = "mutable")
public class MutableClock extends Clock {
    private volatile Duration offset;

    public MutableClock(@Value("${test.clock.start-offset:PT0S}") Duration startOffset) {
        this.offset = startOffset;
    }

    public void advance(Duration by) {
        offset = offset.plus(by);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
