package io.backstop.cli;

import io.backstop.api.TriggerResponse;
import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Pause;
import io.backstop.catalog.RunMarks;
import io.backstop.control.RunControls;
import io.backstop.config.BackstopConfig;
import io.backstop.restore.RestoreRequest;
import io.backstop.restore.RestoreService;
import io.backstop.status.ListedRun;
import io.backstop.status.RunDetails;
import io.backstop.status.StatusReport;
import io.backstop.verify.VerificationJob;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.http.uri.UriBuilder;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The running daemon, reached over loopback: the CLI then works with the daemon's configuration, catalog and locks. */
@Singleton
public class DaemonClient implements Backstop, HealthSource {
    private static final long POLL_MILLIS = 500;

    private final HttpClient http;
    private final HttpClient slow;
    private final BackstopConfig config;
    private final JsonMapper json;

    public DaemonClient(@Client(id = "daemon") HttpClient http, @Client(id = "daemon-restore") HttpClient slow,
                        BackstopConfig config, JsonMapper json) {
        this.http = http;
        this.slow = slow;
        this.config = config;
        this.json = json;
    }

    /** True when a daemon answers {@code /health} (healthy or not). */
    public boolean isRunning() {
        return health().answered();
    }

    /**
     * The daemon's verdict: healthy on 200; a 503 carries the reasons in its body.
     *
     * @param body the /health JSON, null when no daemon answered
     */
    public record Health(boolean answered, boolean healthy, @Nullable Map<String, Object> body, String problem) {
    }

    @Override
    public Health health() {
        MutableHttpRequest<Object> request = authenticated(HttpRequest.GET("/health"));
        try {
            String body = http.toBlocking().retrieve(request);
            return new Health(true, true, parse(body), "");
        } catch (HttpClientResponseException answeredWithError) {
            return new Health(true, false, parse(answeredWithError.getResponse().getBody(String.class).orElse("{}")), "");
        } catch (HttpClientException unreachable) {
            return new Health(false, false, null, "no daemon answers on loopback: " + unreachable.getMessage());
        }
    }

    @Override
    public RunResults run(@Nullable String target) throws CliFailure, InterruptedException {
        TriggerResponse response;
        try {
            response = http.toBlocking().retrieve(authenticated(HttpRequest.POST(
                    target == null ? "/api/backups" : "/api/backups/" + target, "")), TriggerResponse.class);
        } catch (HttpClientResponseException e) {
            if (e.getStatus() == HttpStatus.CONFLICT) {
                return new RunResults(List.of(), List.of(message(e)), List.of());
            }
            throw failure(e);
        }
        List<BackupRun> finished = new ArrayList<>();
        for (TriggerResponse.StartedRun started : response.started()) {
            BackupRun run = get("/api/backups/" + started.runId(), RunDetails.class).run();
            while (!run.status().finished()) {
                Thread.sleep(POLL_MILLIS);
                run = get("/api/backups/" + started.runId(), RunDetails.class).run();
            }
            finished.add(run);
        }
        return new RunResults(finished, response.refused(), response.notes());
    }

    @Override
    public List<ListedRun> list(@Nullable String target, int limit) throws CliFailure {
        UriBuilder uri = UriBuilder.of("/api/backups").queryParam("limit", limit);
        if (target != null) {
            uri.queryParam("target", target);
        }
        try {
            return http.toBlocking().retrieve(authenticated(HttpRequest.GET(uri.build())), Argument.listOf(ListedRun.class));
        } catch (HttpClientResponseException e) {
            throw failure(e);
        }
    }

    @Override
    public StatusReport status() throws CliFailure {
        return get("/api/status", StatusReport.class);
    }

    @Override
    public StatusReport.Offsite offsite() throws CliFailure {
        return get("/api/status/offsite", StatusReport.Offsite.class); // null on 204: S3 is off
    }

    @Override
    public List<RestoreService.Restored> restore(RestoreRequest request) throws CliFailure {
        try {
            return slow.toBlocking().retrieve(authenticated(HttpRequest.POST("/api/restores", request)),
                    Argument.listOf(RestoreService.Restored.class));
        } catch (HttpClientResponseException e) {
            throw failure(e);
        }
    }

    @Override
    public VerificationJob verify(@Nullable String what, boolean full) throws CliFailure, InterruptedException {
        VerificationJob job;
        try {
            String path = (what == null ? "/api/verify" : "/api/verify/" + what) + (full ? "?full=true" : "");
            job = http.toBlocking().retrieve(authenticated(HttpRequest.POST(path, "")), VerificationJob.class);
        } catch (HttpClientResponseException e) {
            throw failure(e);
        }
        while (!job.finished()) {
            Thread.sleep(POLL_MILLIS);
            job = get("/api/verify/jobs/" + job.id(), VerificationJob.class);
        }
        return job;
    }

    @Override
    public List<Pause> pause(@Nullable String target, @Nullable Duration length, @Nullable String reason) throws CliFailure {
        Map<String, String> body = new java.util.HashMap<>();
        if (length != null) {
            body.put("for", length.toString());
        }
        if (reason != null) {
            body.put("reason", reason);
        }
        return post(target == null ? "/api/targets/pause" : "/api/targets/" + target + "/pause", body, Argument.listOf(Pause.class));
    }

    @Override
    public List<String> resume(@Nullable String target) throws CliFailure {
        return post(target == null ? "/api/targets/resume" : "/api/targets/" + target + "/resume", "", Argument.listOf(String.class));
    }

    @Override
    public RunMarks pin(long runId, boolean pin) throws CliFailure {
        return post("/api/backups/" + runId + (pin ? "/pin" : "/unpin"), "", Argument.of(RunMarks.class));
    }

    @Override
    public RunMarks annotate(long runId, @Nullable String label, @Nullable String note) throws CliFailure {
        Map<String, String> body = new java.util.HashMap<>();
        if (label != null) {
            body.put("label", label);
        }
        if (note != null) {
            body.put("note", note);
        }
        return post("/api/backups/" + runId + "/annotate", body, Argument.of(RunMarks.class));
    }

    @Override
    public List<String> delete(long runId, RunControls.Where where, boolean force, @Nullable String reason) throws CliFailure {
        UriBuilder uri = UriBuilder.of("/api/backups/" + runId).queryParam("where", where.name().toLowerCase(java.util.Locale.ROOT))
                .queryParam("force", force);
        if (reason != null) {
            uri.queryParam("reason", reason);
        }
        try {
            return http.toBlocking().retrieve(authenticated(HttpRequest.DELETE(uri.build().toString())), Argument.listOf(String.class));
        } catch (HttpClientResponseException e) {
            throw failure(e);
        }
    }

    private <T> T post(String path, Object body, Argument<T> type) throws CliFailure {
        try {
            return http.toBlocking().retrieve(authenticated(HttpRequest.POST(path, body)), type);
        } catch (HttpClientResponseException e) {
            throw failure(e);
        }
    }

    private <T> T get(String path, Class<T> type) throws CliFailure {
        try {
            return http.toBlocking().retrieve(authenticated(HttpRequest.GET(path)), type);
        } catch (HttpClientResponseException e) {
            throw failure(e);
        }
    }

    private <B> MutableHttpRequest<B> authenticated(MutableHttpRequest<B> request) {
        if (config.hasApiKey()) {
            request.header("X-API-Key", config.getApiKey());
        }
        return request;
    }

    private CliFailure failure(HttpClientResponseException e) {
        return DaemonErrors.failure(e.getStatus().getCode(), message(e));
    }

    private String message(HttpClientResponseException e) {
        return DaemonErrors.message(parse(e.getResponse().getBody(String.class).orElse("{}")),
                e.getStatus().getCode() + " " + e.getStatus().getReason());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parse(String body) {
        try {
            return json.readValue(body, Map.class);
        } catch (IOException | RuntimeException notJson) {
            return Map.of("message", body);
        }
    }
}
