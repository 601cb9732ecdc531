package io.backstop.api;

import io.backstop.Refused;
import io.backstop.catalog.Pause;
import io.backstop.control.Pauses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Duration;
import java.util.List;

/**
 * {@code POST /api/targets/{target}/pause} (body {@code {"for":"2h","reason":"…"}}, both optional) and
 * {@code /resume}; without a target, every target. Guarded like every POST by {@link ApiKeyFilter}.
 */
@Controller("/api/targets")
@ExecuteOn(TaskExecutors.BLOCKING)
public class TargetController {
    private final Pauses pauses;

    public TargetController(Pauses pauses) {
        this.pauses = pauses;
    }

    /** @param length how long, e.g. 2h (JSON name {@code for}); null: until resumed */
    @Serdeable
    public record PauseRequest(@Nullable @com.fasterxml.jackson.annotation.JsonProperty("for") String length,
                               @Nullable String reason) {
    }

    @Post("/pause")
    public List<Pause> pauseAll(@Body @Nullable PauseRequest request) {
        return pause(null, request);
    }

    @Post("/{target}/pause")
    public List<Pause> pauseOne(String target, @Body @Nullable PauseRequest request) {
        return pause(target, request);
    }

    @Post("/resume")
    public List<String> resumeAll() {
        return resume(null);
    }

    @Post("/{target}/resume")
    public List<String> resumeOne(String target) {
        return resume(target);
    }

    private List<Pause> pause(@Nullable String target, @Nullable PauseRequest request) {
        Duration length = null;
        if (request != null && request.length() != null && !request.length().isBlank()) {
            length = ConversionService.SHARED.convert(request.length().trim(), Duration.class)
                    .filter(d -> !d.isNegative() && !d.isZero())
                    .orElseThrow(() -> new HttpStatusException(HttpStatus.BAD_REQUEST,
                            "\"for\": '" + request.length() + "' is not a duration such as 30m, 2h or 3d"));
        }
        try {
            return pauses.pause(target, length, request == null ? null : request.reason());
        } catch (Refused e) {
            throw new HttpStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
    }

    private List<String> resume(@Nullable String target) {
        try {
            return pauses.resume(target);
        } catch (Refused e) {
            throw new HttpStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
    }
}
