package io.backstop;

/**
 * A request that cannot be carried out, with the sentence that says why: an unknown target or run (HTTP 404, CLI exit
 * 2), or a refusal (busy, nothing to do, not allowed without --force: HTTP 409, CLI exit 1).
 */
public class Refused extends Exception {
    private final boolean unknown;

    public Refused(String message, boolean unknown) {
        super(message);
        this.unknown = unknown;
    }

    /** True for an unknown target or run, false for one that exists but cannot be acted on now. */
    public boolean unknown() {
        return unknown;
    }
}
