package io.backstop.config;

import java.util.List;

/**
 * The settings of a capability outside {@code config} (notifications, say), checked with everything else at start, so
 * every problem is reported at once, each naming its key.
 */
public interface SettingsCheck {
    List<String> problems();
}
