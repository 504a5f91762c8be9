package dev.vigil.power;

import dev.vigil.core.inventory.Bmc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * IPMI 2.0 (lanplus) through the real {@code ipmitool}: an explicit cipher suite, retransmit
 * interval and retry count on every call, an outer deadline on the process, and the password
 * passed through the environment ({@code -E}, IPMI_PASSWORD), never on a command line that
 * {@code ps} would show.
 */
public final class IpmiDriver implements BmcDriver, dev.vigil.core.bmc.BmcReader {
    private final Bmc bmc;
    private final char[] password;
    private final PowerConfig config;

    public IpmiDriver(Bmc bmc, char[] password, PowerConfig config) {
        this.bmc = bmc;
        this.password = password.clone();
        this.config = config;
    }

    @Override
    public PowerState status() throws BmcException {
        return parseState(run(null, "power", "status"));
    }

    /** One process and one session: ipmitool's exec runs both commands, read from stdin. */
    @Override
    public PowerState powerOnAndRead() throws BmcException {
        return parseState(run("power on\npower status\n", "exec", "/dev/stdin"));
    }

    static PowerState parseState(String out) throws BmcException {
        if (out.contains("Chassis Power is on")) {
            return PowerState.ON;
        }
        if (out.contains("Chassis Power is off")) {
            return PowerState.OFF;
        }
        throw new BmcException(BmcException.Kind.FAILED, "unexpected answer to 'power status': " + out.strip());
    }

    @Override
    public void powerOn() throws BmcException {
        run(null, "power", "on");
    }

    @Override
    public void powerOff() throws BmcException {
        run(null, "power", "off");
    }

    @Override
    public void cycle() throws BmcException {
        // "power cycle" is refused by a chassis that is off; off-then-on works from either state
        if (status() == PowerState.ON) {
            run(null, "power", "off");
        }
        run(null, "power", "on");
    }

    @Override
    public String restorePolicy() throws BmcException {
        String out = run(null, "chassis", "status");
        for (String line : out.split("\n")) {
            if (line.startsWith("Power Restore Policy")) {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        return "unknown";
    }

    @Override
    public void setRestorePolicy(String policy) throws BmcException {
        run(null, "chassis", "policy", policy);
    }

    /** What one exec session reads: the sensors with their thresholds and states, and the SEL with its fullness. */
    static final String SENSOR_COMMANDS = "sensor\nsdr elist\n";
    static final String EVENT_COMMANDS = "sel info\nsel elist\n";

    /** Every sensor, with the BMC's thresholds ({@code sensor}) and discrete states ({@code sdr elist}), in one session. */
    @Override
    public List<dev.vigil.core.bmc.Sensor> sensors() throws dev.vigil.core.bmc.BmcReadException {
        return IpmiSensors.parse(read(SENSOR_COMMANDS));
    }

    /** The SEL and how full it is, in one session. */
    @Override
    public dev.vigil.core.bmc.EventLog events() throws dev.vigil.core.bmc.BmcReadException {
        return IpmiEvents.parse(read(EVENT_COMMANDS));
    }

    /** Both in one session: one RMCP+ handshake instead of two. */
    @Override
    public Reading read(boolean sensors, boolean events) throws dev.vigil.core.bmc.BmcReadException {
        if (!sensors || !events) {
            return dev.vigil.core.bmc.BmcReader.super.read(sensors, events);
        }
        String out = read(SENSOR_COMMANDS + EVENT_COMMANDS);
        return new Reading(IpmiSensors.parse(out), IpmiEvents.parse(out));
    }

    @Override
    public void clearEvents() throws dev.vigil.core.bmc.BmcReadException {
        read("sel clear\n");
    }

    private String read(String commands) throws dev.vigil.core.bmc.BmcReadException {
        try {
            return run(false, commands, "exec", "/dev/stdin");
        } catch (BmcException e) {
            BmcException why = e;
            if (e.kind() == BmcException.Kind.UNREACHABLE) {
                // without -v, ipmitool says "Unable to establish IPMI v2 / RMCP+ session" for a wrong password too:
                // one verbose session tells which it is
                try {
                    run(true, null, "power", "status");
                } catch (BmcException verbose) {
                    why = verbose;
                }
            }
            throw new dev.vigil.core.bmc.BmcReadException(why.getMessage(), why.kind() == BmcException.Kind.UNREACHABLE);
        }
    }

    /** ipmitool makes a session per call and ends it: nothing is left to close. */
    @Override
    public void close() {
    }

    /** The argv for one call; the password is not in it. */
    List<String> command(String... args) {
        return command(true, args);
    }

    /** verbose: -v, for the session errors classify() reads; sensor and SEL reads without it (-v changes their tables). */
    List<String> command(boolean verbose, String... args) {
        List<String> cmd = new ArrayList<>(List.of(config.ipmitool()));
        if (verbose) {
            cmd.add("-v");
        }
        cmd.addAll(List.of("-I", "lanplus", "-C", String.valueOf(config.ipmiCipherSuite()),
                "-H", bmc.address(), "-p", String.valueOf(bmc.port()), "-U", bmc.user() == null ? "" : bmc.user(), "-E",
                "-R", String.valueOf(config.ipmiRetries()), "-N", String.valueOf(Math.max(1, config.retransmit().toSeconds()))));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs one ipmitool; {@code stdin} (may be null) is written to it, for exec. */
    private String run(String stdin, String... args) throws BmcException {
        return run(true, stdin, args);
    }

    private String run(boolean verbose, String stdin, String... args) throws BmcException {
        ProcessBuilder pb = new ProcessBuilder(command(verbose, args)).redirectErrorStream(true);
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        pb.environment().put("IPMI_PASSWORD", new String(password));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new BmcException(BmcException.Kind.FAILED, "cannot run " + config.ipmitool() + ": " + e.getMessage()
                    + " (install ipmitool or set power.ipmitool)");
        }
        if (stdin != null) {
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // ipmitool exited before reading its commands: its output and exit status tell why
            }
        }
        // its own reader thread: on the shared pool (one thread on 2 cores) one slow BMC held up every other call's answer
        CompletableFuture<String> out = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                out.complete(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.complete("");
            }
        }, "ipmitool-" + bmc.address());
        reader.setDaemon(true);
        reader.start();
        try {
            if (!p.waitFor(config.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new BmcException(BmcException.Kind.UNREACHABLE, "BMC " + bmc.address() + " did not answer within "
                        + dev.vigil.core.config.Durations.format(config.timeout()));
            }
            String text = out.get(5, TimeUnit.SECONDS);
            if (p.exitValue() == 0) {
                return text;
            }
            throw classify(text);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BmcException(BmcException.Kind.FAILED, "interrupted");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new BmcException(BmcException.Kind.FAILED, "cannot read ipmitool's output");
        }
    }

    private static String firstMatching(String output, String... words) {
        for (String line : output.split("\n")) {
            String l = line.toLowerCase(Locale.ROOT);
            for (String w : words) {
                if (l.contains(w)) {
                    return line.strip();
                }
            }
        }
        return output.strip();
    }

    /** What ipmitool -v says when a session cannot be made: a bad HMAC or name is auth, no answer is unreachable. */
    BmcException classify(String output) {
        String o = output.toLowerCase(Locale.ROOT);
        String where = "BMC " + bmc.address() + ":" + bmc.port();
        // the BMC lacks the cipher suite asked for (17 = HMAC-SHA256 is the default; older BMCs and OpenIPMI's
        // simulator have 3): not a wrong password, and retrying the password will not help
        if (o.contains("invalid authentication algorithm") || o.contains("invalid integrity algorithm")
                || o.contains("invalid confidentiality algorithm") || o.contains("no matching cipher suite")
                || o.contains("unsupported cipher suite")) {
            return new BmcException(BmcException.Kind.FAILED, where + " does not offer IPMI cipher suite " + config.ipmiCipherSuite()
                    + " (it said: " + firstMatching(output, "algorithm", "cipher") + "); set power.ipmi_cipher_suite to one it offers"
                    + " (3 for most older BMCs; `ipmitool -I lanplus -H " + bmc.address() + " channel getciphers ipmi` lists them)");
        }
        if (o.contains("rakp 2 hmac is invalid") || o.contains("unauthorized name") || o.contains("invalid authentication")
                || o.contains("insufficient privilege")) {
            return new BmcException(BmcException.Kind.AUTH_FAILED, where + " refused user '" + bmc.user() + "' (wrong password or user; "
                    + "password from " + bmc.password() + ")");
        }
        if (o.contains("get auth capabilities error") || o.contains("no response") || o.contains("unable to establish")) {
            return new BmcException(BmcException.Kind.UNREACHABLE, where + " does not answer");
        }
        String last = output.strip();
        int nl = last.lastIndexOf('\n');
        return new BmcException(BmcException.Kind.FAILED, where + ": " + (nl >= 0 ? last.substring(nl + 1) : last));
    }
}
