package io.backstop.notify;

import java.net.URI;

/**
 * Destination URLs carry tokens (Slack's path, a ping monitor's UUID, a webhook's secret query, an SMTP user): only the
 * scheme and host are ever shown.
 */
final class MaskedUrl {
    private MaskedUrl() {
    }

    static String of(String url) {
        try {
            URI uri = URI.create(url.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "(an address that is not a URL)";
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + "/***";
        } catch (IllegalArgumentException e) {
            return "(an address that is not a URL)";
        }
    }
}
