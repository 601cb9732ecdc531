package io.backstop.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encryption at rest: the age public keys every target's backups are encrypted to ({@code BACKUP_ENCRYPT_RECIPIENTS},
 * comma-separated, and {@code BACKUP_ENCRYPT_RECIPIENTS_FILE}, one per line with {@code #} comments), unless a full-mode
 * target names its own. The keys themselves are checked by the {@code crypt} package.
 */
@ConfigurationProperties("backstop.encrypt")
@Introspected
public class EncryptSettings {
    static final String RECIPIENTS = "backstop.encrypt.recipients";
    static final String RECIPIENTS_FILE = "backstop.encrypt.recipients-file";

    @Nullable private String recipients;
    @Nullable private Path recipientsFile;

    @Nullable public String getRecipients() { return recipients; }
    public void setRecipients(@Nullable String recipients) { this.recipients = recipients; }
    @Nullable public Path getRecipientsFile() { return recipientsFile; }
    public void setRecipientsFile(@Nullable Path recipientsFile) { this.recipientsFile = recipientsFile; }

    /** Both sources together, in order; empty when encryption is off. */
    public List<String> allRecipients() {
        List<String> all = new ArrayList<>(inlineRecipients());
        all.addAll(fileRecipients());
        return List.copyOf(all);
    }

    /** The keys of {@code BACKUP_ENCRYPT_RECIPIENTS}. */
    public List<String> inlineRecipients() {
        return split(recipients);
    }

    /** The keys of {@code BACKUP_ENCRYPT_RECIPIENTS_FILE}, read now; empty without the file. */
    public List<String> fileRecipients() {
        if (recipientsFile == null) {
            return List.of();
        }
        try {
            return lines(Files.readString(recipientsFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + recipientsFile, e);
        }
    }

    /** A comma-separated list of keys. */
    public static List<String> split(@Nullable String keys) {
        return keys == null ? List.of() : Arrays.stream(keys.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList();
    }

    /** A recipients file: one key per line; blank lines and {@code #} comments are skipped. */
    public static List<String> lines(String text) {
        return text.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }
}
