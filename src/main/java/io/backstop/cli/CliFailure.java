package io.backstop.cli;

/** An expected way for a command to fail: printed as one line, never as a stack trace. */
public class CliFailure extends Exception {
    public static final int FAILED = 1;
    public static final int BAD_REQUEST = 2;

    private final int exitCode;

    public CliFailure(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
