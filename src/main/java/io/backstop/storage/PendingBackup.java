package io.backstop.storage;

import java.nio.file.Path;

/**
 * A backup being written: the data goes to {@code partial} and becomes {@code finalFile} only on commit.
 *
 * @param scratch a private directory on the same volume for engines that stage a copy; removed afterwards
 */
public record PendingBackup(String target, String part, Path partial, Path finalFile, Path scratch) {
}
