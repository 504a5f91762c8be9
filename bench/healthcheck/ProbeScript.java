import dev.vigil.core.inventory.Node;
import dev.vigil.healthcheck.HealthcheckConfig;
import dev.vigil.healthcheck.Settings;
import dev.vigil.healthcheck.checks.ConfigIntegrityCheck;
import dev.vigil.healthcheck.checks.HardwareProbe;
import dev.vigil.healthcheck.checks.HeartbeatCheck;
import dev.vigil.healthcheck.checks.LogsCheck;
import dev.vigil.healthcheck.parse.CpuStats;
import dev.vigil.healthcheck.parse.MountStats;
import dev.vigil.healthcheck.parse.ProcessTable;
import dev.vigil.healthcheck.parse.TimeSync;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints, as a JSON array of shell scripts, the probe commands Vigil's checks
 * send to a compute node under the given vigil.yaml, so the baselines run exactly the same probes.
 * Bench tooling only: compiled by bench/healthcheck.sh against the distribution's jars.
 */
public class ProbeScript {
    public static void main(String[] args) {
        HealthcheckConfig cfg = HealthcheckConfig.load(Path.of(args[0]));
        Settings s = new Settings(cfg, new Node("node-3", "127.0.1.3", null, null, List.of(), false, Set.of("compute"), Map.of(), null));
        boolean journal = cfg.logs() == null || cfg.logs().journal() == null || cfg.logs().journal();
        List<String> files = cfg.logs() != null && cfg.logs().files() != null ? cfg.logs().files() : List.of("/var/log/messages");
        List<String> probes = List.of(
                MountStats.script(50),
                CpuStats.script(s.cpuInterval().toMillis()),
                "cat /proc/meminfo",
                ProcessTable.COMMAND,
                ConfigIntegrityCheck.script(s.configFiles()),
                TimeSync.SCRIPT,
                "date +%s%N",
                LogsCheck.script(files, journal, LogsCheck.patterns(cfg), Instant.now().minusSeconds(86400)),
                HeartbeatCheck.script(s.heartbeats()),
                // the in-band hardware checks' one shared probe (the fleet's nodes have no disks smartctl can open:
                // the SMART scan is all disks-smart sends)
                HardwareProbe.script(cfg.hardware().interfaces()));
        StringBuilder json = new StringBuilder("[");
        for (String p : probes) {
            json.append(json.length() > 1 ? "," : "").append('"').append(p.replace("\\", "\\\\").replace("\"", "\\\"")
                    .replace("\n", "\\n").replace("\t", "\\t")).append('"');
        }
        System.out.println(json.append(']'));
    }
}
