package io.backstop.notify;

import io.micronaut.json.JsonMapper;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Slack incoming webhook ({@code https://hooks.slack.com/services/...}, or any Slack-compatible one written as
 * {@code slack:https://...}, e.g. Mattermost): Slack's message format, the line for a person plus the details.
 */
final class SlackDestination implements Destination {
    private final URI uri;
    private final JsonMapper json;

    SlackDestination(URI uri, JsonMapper json) {
        this.uri = uri;
        this.json = json;
    }

    @Override
    public void send(Notification n) throws Exception {
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("color", n.event().equals("recovery") || n.event().equals("success") ? "good" : "danger");
        List<Map<String, Object>> fields = new java.util.ArrayList<>();
        fields.add(Map.of("title", "target", "value", n.target(), "short", true));
        fields.add(Map.of("title", "status", "value", n.status(), "short", true));
        if (n.run() != null) {
            fields.add(Map.of("title", "run", "value", String.valueOf(n.run()), "short", true));
        }
        if (n.cause() != null) {
            fields.add(Map.of("title", "cause", "value", n.cause(), "short", false));
        }
        attachment.put("fields", fields);
        HttpPost.json(uri, json.writeValueAsBytes(Map.of("text", n.message(), "attachments", List.of(attachment))));
    }

    @Override
    public String describe() {
        return "slack " + MaskedUrl.of(uri.toString());
    }
}
