package io.backstop.cli;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The daemon when one answers, else this process, as every other command; JSON by the application's mapper. */
@Singleton
class ContextReading implements Reading {
    private final BackstopChoice choice;
    private final JsonMapper mapper;

    ContextReading(BackstopChoice choice, JsonMapper mapper) {
        this.choice = choice;
        this.mapper = mapper;
    }

    @Override
    public RunsAndStatus source() {
        return choice.get();
    }

    @Override
    public String json(Object value) throws IOException {
        return new String(mapper.writeValueAsBytes(value), StandardCharsets.UTF_8);
    }
}
