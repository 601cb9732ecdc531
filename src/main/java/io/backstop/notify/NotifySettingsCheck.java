package io.backstop.notify;

import io.backstop.config.SettingsCheck;
import jakarta.inject.Singleton;

import java.util.List;

/** Each notification address must be one Backstop can send to; the password file must be readable. */
@Singleton
class NotifySettingsCheck implements SettingsCheck {
    private final NotifySettings settings;

    NotifySettingsCheck(NotifySettings settings) {
        this.settings = settings;
    }

    @Override
    public List<String> problems() {
        List<String> problems = new java.util.ArrayList<>(Destinations.problems(settings));
        String passwordFile = settings.smtpPasswordFile();
        if (passwordFile != null && !passwordFile.isBlank() && !java.nio.file.Files.isReadable(java.nio.file.Path.of(passwordFile))) {
            problems.add("NOTIFY_SMTP_PASSWORD_FILE (backstop.notify.smtp-password-file): file not found or not readable: " + passwordFile);
        }
        return problems;
    }
}
