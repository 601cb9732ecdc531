package io.backstop.config;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;

/**
 * The daemon validates its whole configuration before anything else starts. The CLI does not: with a daemon
 * running it needs no configuration of its own.
 */
@Context
@Requires(notEnv = Environment.CLI)
public class ConfigurationCheck {
    public ConfigurationCheck(Targets targets) {
        // creating the targets is the check: it throws ConfigurationProblems listing everything that is wrong
    }
}
