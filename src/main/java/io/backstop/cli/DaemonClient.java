package io.backstop.cli;

import io.backstop.api.TriggerResponse;
import io.backstop.catalog.BackupRun;
import io.backstop.config.BackstopConfig;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import jakarta.inject.Singleton;

/** The running daemon, reached over loopback so the CLI shares its run lock and catalog. */
@Singleton
public class DaemonClient {
    private final HttpClient http;
    private final BackstopConfig config;

    public DaemonClient(@Client(id = "daemon") HttpClient http, BackstopConfig config) {
        this.http = http;
        this.config = config;
    }

    /** True when a daemon answers {@code /health} (healthy or not). */
    public boolean isRunning() {
        return health().answered();
    }

    /** The daemon's verdict: healthy on 200; a 503 carries the reasons in its body. */
    public record Health(boolean answered, boolean healthy, String summary) {
    }

    public Health health() {
        try {
            String body = http.toBlocking().retrieve(HttpRequest.GET("/health"));
            return new Health(true, true, "healthy: " + body);
        } catch (HttpClientResponseException answeredWithError) {
            return new Health(true, false, "unhealthy (" + answeredWithError.getStatus().getCode() + "): "
                    + answeredWithError.getResponse().getBody(String.class).orElse(""));
        } catch (HttpClientException unreachable) {
            return new Health(false, false, "no daemon answers on loopback: " + unreachable.getMessage());
        }
    }

    /** @param target null for every target */
    public TriggerResponse trigger(@Nullable String target) {
        MutableHttpRequest<Object> request = HttpRequest.POST(target == null ? "/api/backups" : "/api/backups/" + target, "");
        if (config.hasApiKey()) {
            request.header("X-API-Key", config.getApiKey());
        }
        return http.toBlocking().retrieve(request, TriggerResponse.class);
    }

    public BackupRun run(long id) {
        return http.toBlocking().retrieve(HttpRequest.GET("/api/backups/" + id), BackupRun.class);
    }
}
