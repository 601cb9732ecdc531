package io.backstop.ui;

import io.backstop.Refused;
import io.backstop.api.ApiKeyGuard;
import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.control.Pauses;
import io.backstop.schedule.AlreadyRunningException;
import io.backstop.schedule.CatalogUnavailableException;
import io.backstop.schedule.RunCoordinator;
import io.backstop.schedule.Trigger;
import io.backstop.verify.Level;
import io.backstop.verify.VerificationService;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.views.ModelAndView;
import io.micronaut.views.View;
import io.swagger.v3.oas.annotations.Hidden;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The status page ({@code GET /}, {@code /ui}) and its actions. Reading it needs nothing, unless {@code BACKUP_UI=off}
 * removes it; the actions (run now, pause, resume, verify) and the detailed view (messages with their paths) need the
 * API key, typed into the page's form, or a visitor on loopback when no key is set, as for the API.
 */
@Hidden
@Controller
@Requires(property = "backstop.ui", notEquals = "off")
@ExecuteOn(TaskExecutors.BLOCKING)
public class StatusPageController {
    private final StatusPage page;
    private final ApiKeyGuard guard;
    private final Targets targets;
    private final RunCoordinator coordinator;
    private final Pauses pauses;
    private final VerificationService verification;

    public StatusPageController(StatusPage page, ApiKeyGuard guard, Targets targets, RunCoordinator coordinator, Pauses pauses,
                                VerificationService verification) {
        this.page = page;
        this.guard = guard;
        this.targets = targets;
        this.coordinator = coordinator;
        this.pauses = pauses;
        this.verification = verification;
    }

    @Get(uris = {"/", "/ui"}, produces = MediaType.TEXT_HTML)
    @View("status")
    public Map<String, Object> show(@QueryValue @Nullable String done) {
        return Map.of("page", page.build(false, done));
    }

    /** The same page with messages in full, for a visitor who gives the key. */
    @Post(value = "/ui", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    public HttpResponse<ModelAndView<Map<String, Object>>> detailed(@Body Map<String, String> form, HttpRequest<?> request) {
        Optional<ApiKeyGuard.Refusal> refused = guard.check(form.get("key"), request.getRemoteAddress());
        if (refused.isPresent()) {
            return refusal(HttpStatus.UNAUTHORIZED, "refused: " + refused.get().message);
        }
        return HttpResponse.ok(view(page.build(true, null)));
    }

    /** An action, then back to the page (303), which says what was done; a refusal is the page saying why. */
    @Post(value = "/ui/{target}/{action}", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    public HttpResponse<ModelAndView<Map<String, Object>>> act(String target, String action, @Body Map<String, String> form,
                                                              HttpRequest<?> request) {
        Optional<ApiKeyGuard.Refusal> refused = guard.check(form.get("key"), request.getRemoteAddress());
        if (refused.isPresent()) {
            return refusal(HttpStatus.FORBIDDEN, "refused: " + refused.get().message);
        }
        Optional<Target> t = targets.find(target);
        if (t.isEmpty()) {
            return refusal(HttpStatus.NOT_FOUND, "no target named " + target);
        }
        String done;
        try {
            done = switch (action) {
                case "run" -> "started run " + coordinator.submit(t.get(), Trigger.API).id() + " of " + target
                        + pauses.manualRunNote(target).map(note -> " (" + note + ")").orElse("");
                case "pause" -> {
                    pauses.pause(target, null, "paused on the status page");
                    yield "paused " + target;
                }
                case "resume" -> {
                    pauses.resume(target);
                    yield "resumed " + target;
                }
                case "verify" -> "started a full verification of " + target + "'s newest good backup (job "
                        + verification.start(target, Level.FULL).id() + ")";
                default -> null;
            };
        } catch (AlreadyRunningException | CatalogUnavailableException | Refused e) {
            return refusal(HttpStatus.CONFLICT, "refused: " + e.getMessage());
        }
        if (done == null) {
            return refusal(HttpStatus.NOT_FOUND, "no action named " + action);
        }
        return HttpResponse.seeOther(URI.create("/ui?done=" + URLEncoder.encode(done, StandardCharsets.UTF_8)));
    }

    private HttpResponse<ModelAndView<Map<String, Object>>> refusal(HttpStatus status, String why) {
        return HttpResponse.<ModelAndView<Map<String, Object>>>status(status).body(view(page.build(false, why)));
    }

    private static ModelAndView<Map<String, Object>> view(StatusPage.Page shown) {
        return new ModelAndView<>("status", Map.of("page", shown));
    }
}
