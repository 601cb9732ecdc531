package io.backstop.schedule;

/** The cause of a failed run in one readable line: each distinct message of the exception chain. */
public final class FailureCause {
    private static final int MAX_LENGTH = 4000;

    private FailureCause() {
    }

    public static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(message) < 0) {
                text.append(text.isEmpty() ? "" : ": ").append(message);
            }
        }
        return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) + "..." : text.toString();
    }
}
