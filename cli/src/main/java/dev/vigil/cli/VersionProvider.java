package dev.vigil.cli;

import picocli.CommandLine;

/** The version from the jar manifest; "dev" when run from classes. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Vigil.class.getPackage().getImplementationVersion();
        return new String[] {"vigil " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
    }
}
