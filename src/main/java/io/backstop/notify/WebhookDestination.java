package io.backstop.notify;

import io.micronaut.json.JsonMapper;

import java.net.URI;

/** Any HTTP(S) endpoint: the {@link Notification} as JSON. */
final class WebhookDestination implements Destination {
    private final URI uri;
    private final JsonMapper json;

    WebhookDestination(URI uri, JsonMapper json) {
        this.uri = uri;
        this.json = json;
    }

    @Override
    public void send(Notification notification) throws Exception {
        HttpPost.json(uri, json.writeValueAsBytes(notification));
    }

    @Override
    public String describe() {
        return "webhook " + MaskedUrl.of(uri.toString());
    }
}
