package io.backstop.verify;

import io.backstop.storage.LocalBackupStore;
import io.backstop.storage.TargetLock;
import io.backstop.support.Daemons;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /api/verify}: accepted with 202 and checked in the background; refused at once with 404 or 409. */
class VerifyApiTest {
    @TempDir
    Path tmp;

    @Test
    void aVerificationIsAcceptedThenFollowedToItsEnd() throws Exception {
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Daemons.appIn(tmp), "test");
             HttpClient http = server.getApplicationContext().createBean(HttpClient.class, server.getURL())) {
            assertTrue(refusal(http, "/api/verify", HttpStatus.CONFLICT).contains("nothing to verify: no target has a good backup yet"));
            Daemons.backUp(server.getApplicationContext(), "app");

            HttpResponse<VerificationJob> accepted = http.toBlocking().exchange(HttpRequest.POST("/api/verify/app?full=true", ""),
                    VerificationJob.class);
            assertEquals(HttpStatus.ACCEPTED, accepted.getStatus());
            VerificationJob job = accepted.body();
            assertEquals("/api/verify/jobs/" + job.id(), accepted.header("Location"));
            assertEquals("full", job.level());
            for (int i = 0; i < 300 && !job.finished(); i++) {
                Thread.sleep(100);
                job = http.toBlocking().retrieve(HttpRequest.GET("/api/verify/jobs/" + job.id()), VerificationJob.class);
            }
            assertTrue(job.finished(), "the job ends");
            assertTrue(job.allPassed(), job.toString());
            assertEquals("full", job.verifications().get(0).level());

            assertTrue(refusal(http, "/api/verify/nosuch", HttpStatus.NOT_FOUND).contains("unknown target 'nosuch'"));
            assertTrue(refusal(http, "/api/verify/9999", HttpStatus.NOT_FOUND).contains("no run with id 9999"));
            try (TargetLock busy = server.getApplicationContext().getBean(LocalBackupStore.class).tryLock("app").orElseThrow()) {
                assertTrue(refusal(http, "/api/verify/app", HttpStatus.CONFLICT).contains("is being backed up right now"));
            }
            HttpClientResponseException gone = assertThrows(HttpClientResponseException.class,
                    () -> http.toBlocking().retrieve(HttpRequest.GET("/api/verify/jobs/no-such-job")));
            assertEquals(HttpStatus.NOT_FOUND, gone.getStatus());
            assertFalse(job.verifications().isEmpty());
        }
    }

    private static String refusal(HttpClient http, String path, HttpStatus expected) {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(HttpRequest.POST(path, ""), String.class));
        assertEquals(expected, e.getStatus(), e.getResponse().getBody(String.class).orElse(""));
        return e.getResponse().getBody(String.class).orElse("");
    }
}
