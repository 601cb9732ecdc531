package io.backstop.restore;

/** A restore that was refused or failed; the message is for the operator. */
public class RestoreException extends Exception {
    public RestoreException(String message) {
        super(message);
    }

    public RestoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
