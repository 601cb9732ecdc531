package io.backstop.pipeline;

/** Backstop's own version, from the jar manifest; "dev" when running from classes. */
public final class Version {
    private Version() {
    }

    public static String current() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
