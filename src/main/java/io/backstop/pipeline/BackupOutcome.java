package io.backstop.pipeline;

import io.backstop.storage.Manifest;
import io.backstop.storage.StoredBackup;

/** A finished, synced backup and its manifest. */
public record BackupOutcome(StoredBackup backup, Manifest manifest) {
}
