package io.backstop.api;

import io.backstop.support.Daemons;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /openapi.yml} documents every route of the HTTP API, generated from the controllers. */
class OpenApiTest {
    @TempDir
    Path tmp;

    @Test
    void theDocumentNamesEveryRoute() throws Exception {
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Daemons.appIn(tmp), "test");
             HttpClient http = server.getApplicationContext().createBean(HttpClient.class, server.getURL())) {
            String document = http.toBlocking().retrieve(HttpRequest.GET("/openapi.yml"));
            assertTrue(document.startsWith("openapi: 3"), document);
            for (String path : List.of("/api/backups:", "/api/backups/{target}:", "/api/backups/{id}:", "/api/backups/{id}/pin:",
                    "/api/backups/{id}/unpin:", "/api/backups/{id}/annotate:", "/api/status:", "/api/restores:", "/api/verify:",
                    "/api/verify/{what}:", "/api/verify/jobs/{id}:", "/api/targets/pause:", "/api/targets/{target}/pause:",
                    "/api/targets/resume:", "/api/targets/{target}/resume:")) {
                assertTrue(document.contains("\n  " + path), "the document names " + path);
            }
            assertTrue(document.contains("delete:"), "with DELETE /api/backups/{id}");
        }
    }
}
