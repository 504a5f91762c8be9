package dev.vigil.core.config;

/** Expansion of a leading "~" the way a shell user expects it in config and inventory paths. */
public final class Paths {
    private Paths() {
    }

    public static String expandHome(String path) {
        if (path == null) {
            return null;
        }
        if (path.equals("~")) {
            return System.getProperty("user.home");
        }
        if (path.startsWith("~/")) {
            return System.getProperty("user.home") + path.substring(1);
        }
        return path;
    }
}
