package io.backstop.crypt;

import io.backstop.config.DecryptSettings;
import io.backstop.config.EncryptSettings;
import io.backstop.config.SettingsCheck;
import io.backstop.config.TargetProperties;
import io.backstop.config.WrittenConfiguration;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/** Every age public key, global and per target, and the identity file, checked at start with the other settings. */
@Singleton
public class EncryptionSettingsCheck implements SettingsCheck {
    private final EncryptSettings encrypt;
    private final DecryptSettings decrypt;
    private final List<TargetProperties> targets;
    private final WrittenConfiguration written;

    public EncryptionSettingsCheck(EncryptSettings encrypt, DecryptSettings decrypt, List<TargetProperties> targets,
                                   WrittenConfiguration written) {
        this.encrypt = encrypt;
        this.decrypt = decrypt;
        this.targets = targets;
        this.written = written;
    }

    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        keys(encrypt.inlineRecipients(), written.describe("backstop.encrypt.recipients"), problems);
        try {
            keys(encrypt.fileRecipients(), written.describe("backstop.encrypt.recipients-file"), problems);
        } catch (java.io.UncheckedIOException unreadable) {
            // reported by Targets, which reads the file for the targets
        }
        for (TargetProperties target : targets) {
            String own = target.getEncryptRecipients();
            if (own != null && !own.isBlank() && !own.trim().equalsIgnoreCase("none")) {
                keys(EncryptSettings.split(own), "backstop.targets." + target.getName() + ".encrypt-recipients", problems);
            }
        }
        if (decrypt.getIdentityFile() != null) {
            Age.identityFileProblem(decrypt.getIdentityFile())
                    .ifPresent(p -> problems.add(written.describe("backstop.decrypt.identity-file") + ": " + p));
        }
        return problems;
    }

    private static void keys(List<String> keys, String key, List<String> problems) {
        keys.forEach(k -> Age.recipientProblem(k).ifPresent(p -> problems.add(key + ": " + p)));
    }
}
