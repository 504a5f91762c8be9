package dev.vigil.core.state;

import java.io.IOException;
import java.net.InetAddress;

/** The machine Vigil runs on, as lock owners and run records name it. */
public final class Controller {
    private Controller() {
    }

    /** This controller's host name, or "unknown" when it cannot be resolved. */
    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
