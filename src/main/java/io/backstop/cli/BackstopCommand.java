package io.backstop.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code backstop <command>}; with no command at all the jar starts the daemon instead (see Application). */
@Command(name = "backstop", mixinStandardHelpOptions = true,
        description = {"Backs up databases on a schedule. Without a command, starts the daemon.",
                "With a daemon answering on BACKUP_HTTP_PORT, every command works through it (its configuration and"
                        + " catalog); otherwise with this process's own settings."},
        subcommands = {RunCommand.class, ListCommand.class, StatusCommand.class, RestoreCommand.class, VerifyCommand.class, HealthCommand.class,
                PauseCommand.class, ResumeCommand.class, PinCommand.class, UnpinCommand.class, AnnotateCommand.class,
                DeleteCommand.class, DemoCommand.class})
public class BackstopCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
