package dev.vigil.healthcheck.checks;

import dev.vigil.core.bmc.BmcReadException;
import dev.vigil.core.bmc.Sensor;
import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Status;
import dev.vigil.healthcheck.Check;
import dev.vigil.healthcheck.CheckContext;
import dev.vigil.healthcheck.CheckResult;
import dev.vigil.healthcheck.HealthcheckConfig;
import dev.vigil.healthcheck.Settings;
import dev.vigil.healthcheck.hardware.SensorJudge;

import java.util.ArrayList;
import java.util.List;

/**
 * Every sensor the node's BMC reports (temperatures, fans, voltages, power supplies and their redundancy),
 * judged by the BMC's own thresholds and discrete states, or by hardware.sensors' rules; read out of band, so a
 * node that is off or hung still reports. Perfdata: each reading with its thresholds.
 */
public final class BmcSensorsCheck implements Check {
    @Override
    public String name() {
        return "bmc-sensors";
    }

    @Override
    public String description() {
        return "the BMC's sensors (temperatures, fans, voltages, power supplies, redundancy), out of band: works while the node is down";
    }

    @Override
    public String describe(Settings s) {
        int rules = s.config().hardware().sensors().size();
        return "the BMC's thresholds and states (non-critical WARN, critical/non-recoverable CRIT; PSU failure CRIT)"
                + (rules == 0 ? "" : "; " + rules + " operator rule" + (rules == 1 ? "" : "s") + " (hardware.sensors)");
    }

    @Override
    public boolean outOfBand() {
        return true;
    }

    @Override
    public CheckResult run(CheckContext ctx) throws InterruptedException {
        if (ctx.node().bmc() == null) {
            return CheckResult.of(Status.OK, "no BMC in the inventory for this node (bmc_address)");
        }
        List<Sensor> sensors;
        try {
            dev.vigil.core.bmc.BmcReader.Reading reading = ctx.bmcReading();
            sensors = reading.sensors() != null ? reading.sensors() : ctx.bmc().sensors();
        } catch (BmcReadException e) {
            return CheckResult.of(Status.UNKNOWN, "BMC not read: " + e.getMessage());
        }
        if (sensors.isEmpty()) {
            return CheckResult.of(Status.UNKNOWN, "the BMC " + ctx.node().bmc().address() + " reports no sensors");
        }
        HealthcheckConfig.Hardware hw = ctx.settings().config().hardware();
        Status worst = Status.OK;
        List<String> problems = new ArrayList<>();
        List<String> details = new ArrayList<>();
        List<Metric> metrics = new ArrayList<>();
        int ignored = 0;
        for (Sensor s : sensors) {
            HealthcheckConfig.SensorRule rule = hw.rule(s.name());
            if (rule != null && rule.ignored()) {
                ignored++;
                continue;
            }
            SensorJudge.Verdict v = SensorJudge.judge(s, rule);
            if (s.reading() != null) {
                Double warn = rule != null && rule.warn() != null ? rule.warn() : s.upperWarning();
                Double crit = rule != null && rule.crit() != null ? rule.crit() : s.upperCritical();
                metrics.add(new Metric(s.name(), s.reading(), SensorJudge.unit(s.unit()), warn, crit, null, null));
            }
            if (v.status() != Status.OK) {
                problems.add(s.name() + ": " + v.why());
                details.add(v.status() + " " + s.kind() + " " + s.name() + ": " + v.why());
                worst = v.status().severity() > worst.severity() ? v.status() : worst;
            }
        }
        int judged = sensors.size() - ignored;
        String msg = judged + (judged == 1 ? " sensor" : " sensors") + (ignored > 0 ? " (" + ignored + " ignored)" : "")
                + (problems.isEmpty() ? ", all within the BMC's thresholds" : ": " + String.join("; ", problems));
        return new CheckResult(worst, msg, metrics, details);
    }
}
