package dev.vigil.core.state;

import dev.vigil.core.error.UsageException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks where the operator asked a report or an archive to go before any work starts, so a typo
 * is one line and exit 64, not an internal error after a long run.
 */
public final class OutputPaths {
    private OutputPaths() {
    }

    /** {@code --out FILE}: not a directory, and its directory exists (or can be made) and is writable. */
    public static Path file(Path out, String flag) {
        if (Files.isDirectory(out)) {
            throw new UsageException(flag + " " + out + " is a directory; give a file name (e.g. " + out.resolve("report.html") + ")");
        }
        Path parent = directory(out.toAbsolutePath().getParent(), flag + " " + out + ":");
        // "writable" by the mode bits is not enough (root, /proc, a read-only mount): try it, as the write will
        try {
            Files.delete(Files.createTempFile(parent, ".vigil-probe-", ".tmp"));
        } catch (IOException | SecurityException e) {
            throw new UsageException(flag + " " + out + ": cannot write in " + parent + " (" + reason(e) + ")");
        }
        return out;
    }

    /** {@code --out DIR}: a directory that exists or can be made, and is writable. */
    public static Path directory(Path dir, String flag) {
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw new UsageException(flag + " cannot make the directory " + dir + " (" + reason(e) + ")");
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new UsageException(flag + " " + dir + " is not a writable directory");
        }
        return dir;
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "a file of that name exists";
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName().replace("Exception", "") + (m == null ? "" : ": " + m);
    }
}
