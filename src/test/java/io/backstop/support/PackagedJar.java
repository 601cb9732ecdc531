package io.backstop.support;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs {@code target/backstop.jar} as operators do, with an environment of the test's own choosing. */
public final class PackagedJar {
    public static final Path JAR = Path.of("target/backstop.jar").toAbsolutePath();
    public static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    private PackagedJar() {
    }

    /**
     * @param jvmOptions e.g. {@code -Djava.io.tmpdir=...}
     */
    public static ProcessBuilder builder(Path workDir, Map<String, String> env, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("BACKUP_") || k.startsWith("SQLITE_") || k.startsWith("MICRONAUT_")
                || k.startsWith("S3_") || k.startsWith("AWS_") || k.startsWith("MYSQL_") || k.startsWith("MONGO_")
                || k.startsWith("VERIFY_"));
        pb.environment().putAll(env);
        return pb;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits until the daemon answers /health at all (healthy or not); fails with its log when it does not. */
    public static void awaitHealth(int port, Process daemon, Path log) throws Exception {
        for (int i = 0; i < 300; i++) {
            if (!daemon.isAlive()) {
                throw new AssertionError("the daemon exited with " + daemon.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/health").toURL().openConnection();
                if (c.getResponseCode() > 0) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("daemon did not answer: " + Files.readString(log));
    }
}
