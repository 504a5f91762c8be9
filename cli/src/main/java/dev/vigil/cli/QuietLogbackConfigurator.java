package dev.vigil.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Stops logback from printing to the console before {@link LoggingSetup} decides where logs go
 * (logback's fallback is DEBUG on stdout, which would spoil parseable output). Found through
 * META-INF/services, so no XML is parsed at start-up.
 */
public final class QuietLogbackConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.OFF);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
