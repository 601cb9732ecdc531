package io.backstop.cli;

import picocli.CommandLine.Command;

/**
 * {@code backstop demo}: listed here for {@code --help}; {@code Application} starts the demo daemon itself, since it
 * is a daemon and not a command that ends.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Start the daemon on an example SQLite database (./backstop-demo), backed up every minute.")
public class DemoCommand implements Runnable {
    @Override
    public void run() {
        throw new IllegalStateException("the demo is started by Application, not as a command");
    }
}
