package io.backstop.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.hateoas.JsonError;

import java.util.Set;

/** Applies {@link ApiKeyGuard} to every mutating API request; reads stay open. */
@ServerFilter("/api/**")
public class ApiKeyFilter {
    static final String HEADER = "X-API-Key";
    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final ApiKeyGuard guard;

    public ApiKeyFilter(ApiKeyGuard guard) {
        this.guard = guard;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> guard(HttpRequest<?> request) {
        if (READS.contains(request.getMethod())) {
            return null;
        }
        return guard.check(request.getHeaders().get(HEADER), request.getRemoteAddress())
                .map(refusal -> refusal == ApiKeyGuard.Refusal.BAD_KEY
                        ? HttpResponse.status(HttpStatus.UNAUTHORIZED).body(new JsonError(refusal.message))
                        : HttpResponse.status(HttpStatus.FORBIDDEN).body(new JsonError(refusal.message)))
                .orElse(null);
    }
}
