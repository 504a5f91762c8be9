package dev.vigil.core.inventory;

import dev.vigil.core.error.UsageException;

/** An inventory or config file that cannot be read as written: names the file, line and column. */
public final class InventoryFormatException extends UsageException {
    private static final long serialVersionUID = 1L;

    public InventoryFormatException(String source, int line, int column, String message) {
        super(location(source, line, column) + message);
    }

    private static String location(String source, int line, int column) {
        if (line <= 0) {
            return source + ": ";
        }
        return source + ":" + line + (column > 0 ? ":" + column : "") + ": ";
    }
}
