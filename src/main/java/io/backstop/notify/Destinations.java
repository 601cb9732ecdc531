package io.backstop.notify;

import io.micronaut.json.JsonMapper;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Turns each {@code NOTIFY_URLS} entry into its destination, or says what is wrong with it (without its secrets). */
final class Destinations {
    static final String SLACK_PREFIX = "slack:";

    private Destinations() {
    }

    static List<String> problems(NotifySettings settings) {
        List<String> problems = new ArrayList<>();
        for (String url : settings.destinations()) {
            String problem = problem(url);
            if (problem != null) {
                problems.add("NOTIFY_URLS (backstop.notify.urls): " + MaskedUrl.of(url.startsWith(SLACK_PREFIX)
                        ? url.substring(SLACK_PREFIX.length()) : url) + ": " + problem);
            }
        }
        if (settings.pingUrl() != null && !settings.pingUrl().isBlank() && problem(settings.pingUrl()) != null) {
            problems.add("NOTIFY_PING_URL (backstop.notify.ping-url): " + MaskedUrl.of(settings.pingUrl()) + ": "
                    + problem(settings.pingUrl()));
        }
        for (String event : settings.events()) {
            if (!NotifySettings.EVENTS.contains(event)) {
                problems.add("NOTIFY_ON (backstop.notify.on): unknown event '" + event + "'; one or more of " + NotifySettings.EVENTS);
            }
        }
        return problems;
    }

    static List<Destination> of(NotifySettings settings, JsonMapper json) {
        List<Destination> destinations = new ArrayList<>();
        for (String url : settings.destinations()) {
            if (problem(url) != null) {
                continue;
            }
            if (url.startsWith(SLACK_PREFIX)) {
                destinations.add(new SlackDestination(URI.create(url.substring(SLACK_PREFIX.length())), json));
                continue;
            }
            URI uri = URI.create(url);
            switch (uri.getScheme()) {
                case "smtp", "smtps" -> destinations.add(new EmailDestination(uri, settings.smtpPasswordFile()));
                default -> destinations.add(uri.getHost().equals("hooks.slack.com") ? new SlackDestination(uri, json)
                        : new WebhookDestination(uri, json));
            }
        }
        return destinations;
    }

    private static String problem(String url) {
        String address = url.startsWith(SLACK_PREFIX) ? url.substring(SLACK_PREFIX.length()) : url;
        URI uri;
        try {
            uri = URI.create(address);
        } catch (IllegalArgumentException e) {
            return "not a URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        return switch (scheme) {
            case "http", "https" -> uri.getHost() == null ? "a URL needs a host" : null;
            case "smtp", "smtps" -> url.startsWith(SLACK_PREFIX) ? "slack: takes an https:// URL" : EmailDestination.problem(uri);
            default -> "unknown kind of address; use https://… (webhook or Slack), slack:https://… or smtp://…";
        };
    }
}
