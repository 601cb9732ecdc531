package io.backstop.schedule;

/** A run asked for by a person (API, CLI) is refused when the catalog cannot record it: its outcome would be unknowable. */
public class CatalogUnavailableException extends Exception {
    public CatalogUnavailableException(String target, Throwable cause) {
        super("no run of " + target + " was started: the catalog (catalog.db in BACKUP_DIR) cannot be written: "
                + FailureCause.describe(cause) + ". Check that the volume is writable and not full, and that no other"
                + " process holds the catalog locked", cause);
    }
}
