package io.backstop.cli;

import picocli.CommandLine.Command;

/** {@code backstop <command>}; with no command at all the jar starts the daemon instead (see Application). */
@Command(name = "backstop", mixinStandardHelpOptions = true,
        description = "Backs up databases on a schedule. Without a command, starts the daemon.",
        subcommands = {RunCommand.class, ListCommand.class, StatusCommand.class, RestoreCommand.class, HealthCommand.class})
public class BackstopCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("usage: backstop [run [TARGET] | list [TARGET] | status | restore RUN_ID|FILE | health]; without a command it starts the daemon");
    }
}
