package io.backstop.api;

import io.backstop.config.BackstopConfig;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.hateoas.JsonError;

/**
 * {@code /prometheus} is read from loopback, or with the API key, or by anyone when {@code BACKUP_METRICS_PUBLIC=true}
 * (Prometheus usually scrapes from another container). Metrics name targets and databases, nothing more secret.
 */
@ServerFilter("/prometheus")
public class MetricsAccessFilter {
    private final ApiKeyGuard guard;
    private final boolean open;

    public MetricsAccessFilter(ApiKeyGuard guard, BackstopConfig config) {
        this.guard = guard;
        this.open = config.isMetricsPublic();
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> guard(HttpRequest<?> request) {
        if (allows(request.getHeaders().get(ApiKeyFilter.HEADER), request.getRemoteAddress())) {
            return null;
        }
        return HttpResponse.status(HttpStatus.FORBIDDEN).body(new JsonError("/prometheus answers loopback, callers with"
                + " X-API-Key, or everyone with BACKUP_METRICS_PUBLIC=true"));
    }

    boolean allows(@Nullable String key, @Nullable java.net.InetSocketAddress caller) {
        return open || ApiKeyGuard.fromLoopback(caller) || guard.validKey(key);
    }
}
