package io.backstop.api;

import io.backstop.pitr.CaptureStatus;
import io.backstop.schedule.Freshness;
import io.micronaut.health.HealthStatus;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.management.health.indicator.HealthResult;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /health} in full (reasons, errors, the catalog's path) only for callers that may trigger runs: with the API
 * key, or from loopback when no key is set. Everyone else, such as a load balancer, gets the status and each target's
 * state (its backups' freshness and verification together): {@code {"status":"DOWN","targets":{"app":"DOWN"}}}; the
 * HTTP status (200 or 503) is the same.
 */
@ServerFilter("/health")
public class HealthDetailsFilter {
    private final ApiKeyGuard guard;

    public HealthDetailsFilter(ApiKeyGuard guard) {
        this.guard = guard;
    }

    @ResponseFilter
    public void hideDetails(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (guard.check(request.getHeaders().get(ApiKeyFilter.HEADER), request.getRemoteAddress()).isEmpty()) {
            return;
        }
        Object body = response.getBody().orElse(null);
        if (!(body instanceof HealthResult result)) {
            return;
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("status", result.getStatus().getName());
        Map<String, String> targets = new LinkedHashMap<>();
        if (result.getDetails() instanceof Map<?, ?> components) {
            if (components.get("backups") instanceof HealthResult backups && backups.getDetails() instanceof Map<?, ?> byTarget) {
                byTarget.forEach((name, f) -> targets.put(name.toString(),
                        f instanceof Freshness freshness && freshness.healthy() ? HealthStatus.UP.getName() : HealthStatus.DOWN.getName()));
            }
            if (components.get("verification") instanceof HealthResult verification
                    && verification.getDetails() instanceof Map<?, ?> byTarget) {
                byTarget.forEach((name, v) -> {
                    if (!(v instanceof VerificationHealthIndicator.State state && state.healthy())) {
                        targets.put(name.toString(), HealthStatus.DOWN.getName());
                    }
                });
            }
            if (components.get("logCapture") instanceof HealthResult captures && captures.getDetails() instanceof Map<?, ?> byTarget) {
                byTarget.forEach((name, c) -> {
                    if (!(c instanceof CaptureStatus capture && capture.problem() == null)) {
                        targets.put(name.toString(), HealthStatus.DOWN.getName());
                    }
                });
            }
            if (components.get("offsite") instanceof HealthResult offsite) {
                summary.put("offsite", offsite.getStatus().getName());
            }
        }
        summary.put("targets", targets);
        response.body(summary);
    }
}
