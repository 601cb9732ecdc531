package io.backstop.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** A written key that matches no known setting is a problem, named with the closest known key as a suggestion. */
final class UnknownKeys {
    private UnknownKeys() {
    }

    /**
     * @param written the key as written, e.g. {@code backstop.retention-dayz}
     * @param known   every key that could have been meant at that place, fully spelled
     * @return the problem, or empty when the key is known (also in Micronaut's camelCase spelling)
     */
    static Optional<String> check(String written, String normalized, Collection<String> known) {
        if (known.contains(normalized)) {
            return Optional.empty();
        }
        Optional<String> closest = known.stream()
                .min(Comparator.comparingInt(k -> distance(k, normalized)))
                .filter(k -> distance(k, normalized) <= Math.max(2, k.length() / 4));
        return Optional.of(written + ": unknown setting" + closest.map(k -> "; did you mean " + k + "?").orElse(""));
    }

    /** Levenshtein distance between two keys. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
