package io.backstop.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

import java.nio.file.Path;

/**
 * Where restores and full verifications of encrypted backups find the private key: {@code BACKUP_DECRYPT_IDENTITY_FILE},
 * an age identity file, given only where restores run (never to the sidecar that only backs up).
 */
@ConfigurationProperties("backstop.decrypt")
@Introspected
public class DecryptSettings {
    @Nullable private Path identityFile;

    @Nullable public Path getIdentityFile() { return identityFile; }
    public void setIdentityFile(@Nullable Path identityFile) { this.identityFile = identityFile; }
}
