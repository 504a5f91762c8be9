package dev.vigil.cli;

/** The renderers a command can choose with --format. */
public enum OutputFormat {
    TABLE, JSON
}
