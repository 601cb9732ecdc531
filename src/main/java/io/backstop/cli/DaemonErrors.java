package io.backstop.cli;

import java.util.List;
import java.util.Map;

/** The daemon's error answers as the CLI reports them, whichever HTTP client asked. */
final class DaemonErrors {
    private DaemonErrors() {
    }

    /** 404 (unknown target) and 400 are the operator's mistake (exit 2); anything else is a failure (exit 1). */
    static CliFailure failure(int status, String message) {
        String prefix = status == 401 || status == 403 ? "the daemon refused (" + status + "): " : "";
        return new CliFailure(prefix + message, status == 404 || status == 400 ? CliFailure.BAD_REQUEST : CliFailure.FAILED);
    }

    /** The message of Micronaut's JSON error body ({@code _embedded.errors[0].message} or {@code message}), else the status line. */
    static String message(Map<?, ?> body, String statusLine) {
        Object embedded = body.get("_embedded");
        if (embedded instanceof Map<?, ?> map && map.get("errors") instanceof List<?> errors && !errors.isEmpty()
                && errors.get(0) instanceof Map<?, ?> first && first.get("message") != null) {
            return first.get("message").toString();
        }
        Object message = body.get("message");
        return message == null ? statusLine : message.toString();
    }
}
