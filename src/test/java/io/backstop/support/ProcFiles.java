package io.backstop.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Every process's argv and environment as /proc shows them, for tests that look for a leaked secret. */
public final class ProcFiles {
    private ProcFiles() {
    }

    /** The /proc/<pid> directories alive now. */
    public static List<Path> processes() {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList();
        } catch (Exception e) {
            return List.of();
        }
    }

    /** The file's bytes, or none when the process is gone or the file unreadable. */
    public static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (Exception gone) {
            return new byte[0];
        }
    }

    public static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
