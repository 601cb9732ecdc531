package io.backstop.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs a database tool with its data streamed through stdout or stdin and its stderr collected. The child
 * gets a minimal environment (no passwords or API keys inherited from Backstop's own) plus what the engine passes
 * (such as {@code PGPASSFILE}: the path of a secret file, never a secret itself), and it is killed
 * whenever Backstop stops reading or writing early, so no tool outlives a failed run.
 */
public final class ChildProcess {
    private static final int STDERR_LINES_KEPT = 200;
    private static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR");
    /** Every tool running now, so a stopping daemon can end them (see {@link #killAll}). */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    private ChildProcess() {
    }

    /** The exit code and stderr of a finished tool. */
    public record Result(int exitCode, List<String> stderr) {
        /** The last lines of stderr, for a run's error. */
        public String stderrTail(int lines) {
            return String.join(" | ", stderr.subList(Math.max(0, stderr.size() - lines), stderr.size()));
        }

        public String exitDescription() {
            return exitCode > 128 ? "exit code " + exitCode + " (killed by signal " + (exitCode - 128) + ")" : "exit code " + exitCode;
        }
    }

    /** The executable {@code name} as the shell would find it on PATH. */
    public static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (java.nio.file.Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Runs {@code command}, copying its stdout into {@code out}. */
    public static Result readFrom(List<String> command, OutputStream out) throws IOException, InterruptedException {
        return readFrom(command, Map.of(), out);
    }

    /** Runs {@code command} with {@code environment} added to the minimal one, copying its stdout into {@code out}. */
    public static Result readFrom(List<String> command, Map<String, String> environment, OutputStream out)
            throws IOException, InterruptedException {
        Process process = start(command, environment, false);
        return run(process, () -> process.getInputStream().transferTo(out));
    }

    /** Runs {@code command}, feeding {@code in} to its stdin. */
    public static Result writeTo(List<String> command, InputStream in) throws IOException, InterruptedException {
        return writeTo(command, Map.of(), in);
    }

    /** Runs {@code command} with {@code environment} added to the minimal one, feeding {@code in} to its stdin. */
    public static Result writeTo(List<String> command, Map<String, String> environment, InputStream in)
            throws IOException, InterruptedException {
        Process process = start(command, environment, true);
        return run(process, () -> {
            try (OutputStream stdin = process.getOutputStream()) {
                in.transferTo(stdin);
            }
        });
    }

    /**
     * Runs {@code command} as a filter: {@code in} is fed to its stdin from another thread while its stdout goes to
     * {@code out}. When {@code in} cannot be read to the end, the tool is killed and that read error is thrown; when the
     * tool stops reading early, its exit code and stderr tell why.
     */
    public static Result filter(List<String> command, Map<String, String> environment, InputStream in, OutputStream out)
            throws IOException, InterruptedException {
        Process process = start(command, environment, true);
        java.util.concurrent.atomic.AtomicReference<IOException> readFailure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread feeder = new Thread(() -> {
            byte[] buffer = new byte[1 << 16];
            try (OutputStream stdin = process.getOutputStream()) {
                for (int n; (n = read(in, buffer, readFailure)) > 0; ) {
                    stdin.write(buffer, 0, n);
                }
            } catch (IOException toolStoppedReading) {
                // its exit code and stderr say why
            }
            if (readFailure.get() != null) {
                process.destroyForcibly();
            }
        }, "stdin-" + process.pid());
        feeder.setDaemon(true);
        feeder.start();
        Result result = run(process, () -> {
            process.getInputStream().transferTo(out);
            try {
                feeder.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while feeding " + command.get(0));
            }
        });
        if (readFailure.get() != null) {
            throw readFailure.get();
        }
        return result;
    }

    private static int read(InputStream in, byte[] buffer, java.util.concurrent.atomic.AtomicReference<IOException> failure) {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            failure.set(e);
            return -1;
        }
    }

    /**
     * Runs {@code producer | between | consumer}, both with the minimal environment plus {@code environment}.
     *
     * @param between what the producer's output passes through on its way, in this process
     * @return the producer's result, then the consumer's
     */
    public static List<Result> pipe(List<String> producer, Map<String, String> environment,
                                    java.util.function.UnaryOperator<InputStream> between, List<String> consumer)
            throws IOException, InterruptedException {
        Process first = start(producer, environment, false);
        Deque<String> firstStderr = new ArrayDeque<>();
        Thread stderrReader = new Thread(() -> collect(first.getErrorStream(), firstStderr), "stderr-" + first.pid());
        stderrReader.setDaemon(true);
        stderrReader.start();
        RUNNING.add(first);
        try {
            Result second = writeTo(consumer, environment, between.apply(first.getInputStream()));
            if (second.exitCode() != 0) {
                first.destroyForcibly();
            }
            int exitCode = first.waitFor();
            stderrReader.join(TimeUnit.SECONDS.toMillis(10));
            synchronized (firstStderr) {
                return List.of(new Result(exitCode, new ArrayList<>(firstStderr)), second);
            }
        } finally {
            RUNNING.remove(first);
            first.destroyForcibly();
        }
    }

    /** Runs a short command and returns its stdout, e.g. {@code --version}. */
    public static String output(List<String> command) throws IOException, InterruptedException {
        return output(command, Map.of());
    }

    /** Runs a short command with {@code environment} added to the minimal one and returns its stdout. */
    public static String output(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        Process process = start(command, environment, false);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Result result = run(process, () -> process.getInputStream().transferTo(out));
        if (result.exitCode() != 0) {
            throw new IOException(command.get(0) + " failed with " + result.exitDescription() + ": " + result.stderrTail(3));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Starts a long-running helper (a throwaway database server) with the same minimal environment, its output going to
     * {@code log}. It counts as a running tool for {@link #killAll} until {@link #stop} ends it.
     */
    public static Process startInBackground(List<String> command, Path log) throws IOException {
        ProcessBuilder builder = withMinimalEnvironment(command, Map.of());
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process = builder.start();
        RUNNING.add(process);
        return process;
    }

    /** Kills a helper started by {@link #startInBackground} and waits for it to be gone. */
    public static void stop(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        RUNNING.remove(process);
    }

    private interface Transfer {
        void run() throws IOException;
    }

    private static Process start(List<String> command, Map<String, String> environment, boolean feedsStdin) throws IOException {
        ProcessBuilder builder = withMinimalEnvironment(command, environment);
        if (!feedsStdin) {
            builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        }
        return builder.start();
    }

    private static ProcessBuilder withMinimalEnvironment(List<String> command, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.clear();
        INHERITED.forEach(name -> {
            if (System.getenv(name) != null) {
                env.put(name, System.getenv(name));
            }
        });
        env.putAll(environment);
        return builder;
    }

    private static Result run(Process process, Transfer transfer) throws IOException, InterruptedException {
        Deque<String> stderr = new ArrayDeque<>();
        Thread stderrReader = new Thread(() -> collect(process.getErrorStream(), stderr), "stderr-" + process.pid());
        stderrReader.setDaemon(true);
        stderrReader.start();
        boolean done = false;
        RUNNING.add(process);
        try {
            transfer.run();
            int exitCode = process.waitFor();
            stderrReader.join(TimeUnit.SECONDS.toMillis(10));
            done = true;
            synchronized (stderr) {
                return new Result(exitCode, new ArrayList<>(stderr));
            }
        } finally {
            RUNNING.remove(process);
            if (!done) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Kills every running tool; the runs reading from them then fail and clean up after themselves. */
    public static void killAll() {
        for (Process process : RUNNING) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static void collect(InputStream in, Deque<String> lines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                synchronized (lines) {
                    lines.addLast(line);
                    if (lines.size() > STDERR_LINES_KEPT) {
                        lines.removeFirst();
                    }
                }
            }
        } catch (IOException ignored) {
            // the process is gone; what was read is what there is
        }
    }
}
