package io.backstop.api;

import io.backstop.catalog.BackupRun;
import io.backstop.support.Daemons;
import io.backstop.support.SqliteFixture;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeyTest implements TestPropertyProvider {
    static final String KEY = "correct-horse-battery-staple";

    @Inject
    @Client("/")
    HttpClient client;

    @Override
    public Map<String, String> getProperties() {
        try {
            Path tmp = Files.createTempDirectory("backstop-key");
            Map<String, String> p = new HashMap<>();
            Daemons.sqliteTarget(tmp.resolve("backups"), "app", SqliteFixture.create(tmp.resolve("app.db"), "WAL", 10))
                    .forEach((k, v) -> p.put(k, v.toString()));
            p.put("backstop.api-key", KEY);
            return p;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void mutatingEndpointsNeedTheKey() {
        for (var request : new HttpRequest<?>[] {HttpRequest.POST("/api/backups/app", ""), HttpRequest.POST("/api/backups", ""),
                HttpRequest.POST("/api/backups/app", "").header("X-API-Key", "wrong"),
                HttpRequest.POST("/api/backups/app", "").header("X-API-Key", KEY + "x"),
                HttpRequest.POST("/api/backups/app", "").header("X-API-Key", "")}) {
            var refused = assertThrows(HttpClientResponseException.class, () -> client.toBlocking().exchange(request));
            assertEquals(HttpStatus.UNAUTHORIZED, refused.getStatus(), request.getHeaders().get("X-API-Key"));
            assertFalse(refused.getResponse().getBody(String.class).orElse("").contains(KEY), "the key is never echoed");
        }
        assertEquals(0, client.toBlocking().retrieve(HttpRequest.GET("/api/backups"), Argument.listOf(BackupRun.class)).size(),
                "refused requests started nothing");

        var accepted = client.toBlocking().exchange(HttpRequest.POST("/api/backups/app", "").header("X-API-Key", KEY), TriggerResponse.class);
        assertEquals(HttpStatus.ACCEPTED, accepted.getStatus());
    }

    @Test
    void healthWithoutTheKeyGivesStatusAndEachTargetsStateOnly() {
        String anonymous = healthBody(HttpRequest.GET("/health"));
        assertTrue(anonymous.matches("\\{\"status\":\"(UP|DOWN)\",\"targets\":\\{\"app\":\"(UP|DOWN)\"}}"), anonymous);
        String full = healthBody(HttpRequest.GET("/health").header("X-API-Key", KEY));
        assertTrue(full.contains("catalog.db") && full.contains("\"reason\""), "with the key, the details: " + full);
    }

    @Test
    void aMalformedRunIdIs400AndAMissingOne404() {
        var malformed = assertThrows(HttpClientResponseException.class, () -> client.toBlocking().exchange(HttpRequest.GET("/api/backups/abc")));
        assertEquals(HttpStatus.BAD_REQUEST, malformed.getStatus());
        assertTrue(malformed.getResponse().getBody(String.class).orElse("").contains("malformed run id 'abc'"));
        var missing = assertThrows(HttpClientResponseException.class, () -> client.toBlocking().exchange(HttpRequest.GET("/api/backups/-1")));
        assertEquals(HttpStatus.NOT_FOUND, missing.getStatus());
    }

    private String healthBody(HttpRequest<?> request) {
        try {
            return client.toBlocking().retrieve(request);
        } catch (HttpClientResponseException unhealthy) {
            return unhealthy.getResponse().getBody(String.class).orElse("");
        }
    }
}
