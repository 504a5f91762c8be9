package dev.vigil.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Slf4jLogger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Logging goes to {@code vigil.log} in the state dir (created 0600); {@code -v} also shows it on
 * stderr. Configured in code, at the first command that needs it, so --help and --version pay
 * nothing for it. Nothing logged ever holds a secret value.
 */
final class LoggingSetup {
    private static Path currentFile;
    private static int currentVerbosity = -1;

    private LoggingSetup() {
    }

    /** Starts logging to {@code logFile}; called again for another file (another in-process run), it moves there. */
    static synchronized void start(Path logFile, int verbosity, PrintWriter err) {
        if (logFile.equals(currentFile) && verbosity == currentVerbosity) {
            return;
        }
        currentFile = logFile;
        currentVerbosity = verbosity;
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(verbosity > 0 ? Level.DEBUG : Level.INFO);
        ctx.getLogger("com.jcraft.jsch").setLevel(verbosity > 1 ? Level.DEBUG : Level.WARN);
        try {
            if (!Files.exists(logFile)) {
                Files.createFile(logFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            FileAppender<ILoggingEvent> file = new FileAppender<>();
            file.setContext(ctx);
            file.setFile(logFile.toString());
            file.setAppend(true);
            file.setEncoder(encoder(ctx, "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{20} - %msg%n"));
            file.start();
            root.addAppender(file);
        } catch (IOException e) {
            err.println("vigil: cannot write the log file " + logFile + ": " + e.getMessage() + " (continuing without it)");
        }
        if (verbosity > 0) {
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setContext(ctx);
            console.setTarget("System.err");
            console.setEncoder(encoder(ctx, "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n"));
            console.start();
            root.addAppender(console);
        }
        JSch.setLogger(new Slf4jLogger());
    }

    private static PatternLayoutEncoder encoder(LoggerContext ctx, String pattern) {
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(ctx);
        enc.setPattern(pattern);
        enc.start();
        return enc;
    }
}
