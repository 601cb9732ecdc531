package io.backstop;

import io.backstop.cli.BackstopCommand;
import io.backstop.cli.CliFailure;
import io.backstop.cli.DaemonShortcut;
import io.backstop.config.ConfigurationProblems;
import io.backstop.demo.ExampleDatabase;
import io.backstop.engine.SecretDirectory;
import io.micronaut.configuration.picocli.MicronautFactory;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * {@code java -jar backstop.jar} starts the daemon; {@code ... demo} starts it on an example SQLite database;
 * any other arguments are a CLI command ({@code run}, {@code list}, {@code status}).
 */
public class Application {
    static final int EXIT_BAD_CONFIG = 2;

    public static void main(String[] args) {
        try {
            OptionalInt answered = DaemonShortcut.tryRun(args, System.getenv());
            if (answered.isPresent()) {
                System.exit(answered.getAsInt());
            }
            SecretDirectory.sweep();
            useConfigFile(System.getenv("BACKUP_CONFIG"));
            if (args.length == 0) {
                daemon(Map.of());
            } else if (args[0].equals("demo") && !List.of(args).contains("--help") && !List.of(args).contains("-h")) {
                demo();
            } else {
                System.exit(cli(args));
            }
        } catch (RuntimeException e) {
            System.exit(reportStartupFailure(e));
        }
    }

    private static void daemon(Map<String, Object> properties) {
        new Daemon().mainClass(Application.class).banner(false).properties(properties).start();
    }

    private static void demo() {
        Path home = Path.of("backstop-demo").toAbsolutePath();
        Path database;
        try {
            database = ExampleDatabase.create(home.resolve("data/shop.db"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the demo database: " + e.getMessage(), e);
        }
        ExampleDatabase.keepWriting(database);
        String port = System.getenv().getOrDefault("BACKUP_HTTP_PORT", "8080");
        String cli = (port.equals("8080") ? "" : "BACKUP_HTTP_PORT=" + port + " ") + "java -jar " + jarPath();
        System.out.println("demo: backing up " + database + " every minute into " + home.resolve("backups")
                + "; health on http://127.0.0.1:" + port + "/health");
        System.out.println("demo: try these in another terminal, from any directory (they ask this daemon):");
        for (String command : List.of("status", "list", "run", "restore 1 --to /tmp/shop-restored.db", "health")) {
            System.out.println("  " + cli + " " + command);
        }
        System.out.println("  curl -s http://127.0.0.1:" + port + "/api/backups");
        daemon(Map.of(
                "backstop.dir", home.resolve("backups").toString(),
                "backstop.sqlite-path", database.toString(),
                "backstop.schedule", "* * * * *",
                "backstop.retention-days", "1"));
    }

    private static String jarPath() {
        try {
            return Path.of(Application.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            return "backstop.jar";
        }
    }

    private static int cli(String[] args) {
        try (ApplicationContext context = ApplicationContext.builder(Environment.CLI).mainClass(Application.class)
                .properties(Map.of("micronaut.metrics.enabled", false)).start()) {
            return new CommandLine(BackstopCommand.class, new MicronautFactory(context))
                    .setExecutionExceptionHandler((failure, commandLine, parsed) -> reportCommandFailure(failure))
                    .execute(args);
        }
    }

    /** An expected failure is one line (or one per configuration problem); never a stack trace. */
    private static int reportCommandFailure(Throwable failure) {
        if (failure instanceof CliFailure expected) {
            System.err.println(expected.getMessage());
            return expected.exitCode();
        }
        return reportStartupFailure(failure);
    }

    /** Full mode: the operator's YAML file is read on top of the built-in defaults. */
    private static void useConfigFile(String path) {
        if (path == null || path.isBlank()) {
            return;
        }
        if (!Files.isRegularFile(Path.of(path))) {
            throw new ConfigurationProblems(List.of("BACKUP_CONFIG: file not found: " + path));
        }
        System.setProperty("micronaut.config.files", path);
    }

    static int reportStartupFailure(Throwable failure) {
        var problems = ConfigurationProblems.findIn(failure);
        if (problems.isPresent()) {
            System.err.println("backstop: invalid configuration, not starting:");
            problems.get().problems().forEach(line -> System.err.println("  " + line));
            return EXIT_BAD_CONFIG;
        }
        var unconvertible = unconvertibleProperty(failure);
        if (unconvertible.isPresent()) {
            System.err.println("backstop: invalid configuration, not starting:");
            System.err.println("  " + unconvertible.get());
            return EXIT_BAD_CONFIG;
        }
        System.err.println("backstop: " + rootMessage(failure));
        return 1;
    }

    /** Micronaut's own line for a value that does not convert, e.g. a number that is not one; it names the key. */
    private static java.util.Optional<String> unconvertibleProperty(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                for (String line : t.getMessage().split("\n")) {
                    if (line.contains("Error resolving property value [")) {
                        return java.util.Optional.of(line.replaceFirst("^Message: ", "").trim());
                    }
                }
            }
        }
        return java.util.Optional.empty();
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /** The daemon, with start-up failures reported as one clear line per problem instead of a stack trace. */
    private static final class Daemon extends Micronaut {
        @Override
        protected void handleStartupException(Environment environment, Throwable exception) {
            System.exit(reportStartupFailure(exception));
        }
    }
}
