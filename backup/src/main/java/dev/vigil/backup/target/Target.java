package dev.vigil.backup.target;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Where generations are stored: a directory (also a mounted share) or an FTPS server. A target
 * only moves bytes; layout, temporary names, verification, the catalog and the lock are the
 * {@code Repository}'s, the same for every target. All targets pass one contract test.
 *
 * <p>Paths are relative to the target's root, '/'-separated, and never start with '/'.
 */
public interface Target {
    /** The target as the operator knows it (a name or a URL), never with a password. */
    String display();

    /** What the operator must be told on every run that uses this target (e.g. plain FTP). */
    default List<String> warnings() {
        return List.of();
    }

    /** A connection to the target; one per thread. The target's directory is made when missing. */
    default Session open() throws IOException {
        return open(true);
    }

    /**
     * A connection to the target; one per thread. With {@code create} false a missing target
     * directory is an error and nothing is made: reading commands (list, verify, restore) must not
     * invent an empty target where a share is not mounted.
     */
    Session open(boolean create) throws IOException;

    interface Session extends AutoCloseable {
        /** A new file; the parent directory exists. Closing the stream completes the write. */
        OutputStream create(String path) throws IOException;

        /** @throws java.nio.file.NoSuchFileException when there is no such file */
        InputStream open(String path) throws IOException;

        /** Bytes in the file, or -1 when there is none. */
        long size(String path) throws IOException;

        /** Renames a file or a directory; callers only rename to names that do not exist. */
        void rename(String from, String to) throws IOException;

        /** Deletes a file; a missing one is not an error. */
        void delete(String path) throws IOException;

        /** Makes one directory; false when it exists already. Atomic: the lock relies on it. */
        boolean mkdir(String path) throws IOException;

        /** Removes an empty directory; a missing one is not an error. */
        void rmdir(String path) throws IOException;

        /** The names in a directory (files and directories), or none when it does not exist. */
        List<String> list(String dir) throws IOException;

        @Override
        void close();
    }
}
