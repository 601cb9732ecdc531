package io.backstop.engine.mongo;

import java.io.IOException;

/** An archive that cannot be read as mongodump's format; the message says where and why. */
class ArchiveException extends IOException {
    ArchiveException(String message) {
        super(message);
    }

    ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
