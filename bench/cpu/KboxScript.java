import dev.vigil.kbox.KboxCollector;
import dev.vigil.kbox.KboxConfig;

import java.time.Duration;

/**
 * Prints the two commands `vigil kbox collect` sends to a node with nothing new to fetch (the
 * listing of crash records with their hashes, and the previous boot's kernel log), as one script,
 * so the OpenSSH baseline of bench/cpu.sh does the same work. Bench tooling only.
 */
public class KboxScript {
    public static void main(String[] args) {
        KboxCollector c = new KboxCollector(KboxConfig.defaults(), null, null, new KboxCollector.Options(null, false, false, Duration.ofMinutes(2)));
        System.out.println("( " + c.listScript() + "\n)\n( " + KboxCollector.PREVIOUS_BOOT + "\n)\nexit 0");
    }
}
