package io.backstop.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One POST with a JSON body and short timeouts; anything but 2xx is a failure to retry. */
final class HttpPost {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    private HttpPost() {
    }

    static void json(URI uri, byte[] body) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Content-Type", "application/json")
                .header("User-Agent", "Backstop").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    static void empty(URI uri) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("User-Agent", "Backstop")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private static void send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<Void> response = CLIENT.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("answered HTTP " + response.statusCode());
        }
    }
}
