package io.backstop.support;

import io.backstop.engine.ChildProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stock command-line tools the tests compare Backstop with: age, age-keygen, zstd. */
public final class StockTools {
    private StockTools() {
    }

    /** age-keygen writes the identity file; its public key, returned, is in a comment line. */
    public static String ageKeygen(Path file) throws Exception {
        assertTrue(ChildProcess.onPath("age-keygen").isPresent(), "age-keygen is needed (Debian: apt-get install age)");
        run(List.of("age-keygen", "-o", file.toString()), null);
        return Files.readAllLines(file).stream().filter(l -> l.startsWith("# public key: ")).findFirst().orElseThrow()
                .substring("# public key: ".length()).trim();
    }

    /** Runs a tool with {@code stdin} (or none) and returns its stdout; it must exit 0. */
    public static byte[] run(List<String> command, byte[] stdin) throws Exception {
        assertTrue(ChildProcess.onPath(command.get(0)).isPresent(), command.get(0) + " is needed (see .ci/run)");
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread feeder = new Thread(() -> {
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            } catch (IOException ignored) {
                // the tool stopped reading
            }
        });
        feeder.start();
        byte[] out = p.getInputStream().readAllBytes();
        feeder.join();
        assertEquals(0, p.waitFor(), String.join(" ", command));
        return out;
    }
}
