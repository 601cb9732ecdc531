package io.backstop.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

/** An OS file lock on a target's directory: one run per target, across the daemon and CLI processes. */
public final class TargetLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    TargetLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock; nothing is left to undo
        }
    }
}
