#!/usr/bin/env bash
# Hardware health on the e2e fleet (20 nodes, 20 OpenIPMI ipmi_sim BMCs), alternating rounds:
#  1. bmc-sensors alone: vigil healthcheck run --checks bmc-sensors vs the same ipmitool session per BMC
#     (exec of "sensor" and "sdr elist", cipher 3) run by xargs -P 20; wall and the controller's CPU seconds.
#  2. the full health check with the new checks: vigil healthcheck run (every check) vs parallel OpenSSH running the
#     same probe commands (printed by Vigil's own classes, bench/healthcheck/ProbeScript.java) plus, per node and at
#     the same time, the one ipmitool session the out-of-band checks share (sensor, sdr elist, sel info, sel elist).
# Prints a machine line, the date and commit, and one RESULT line per figure. Needs root.
#   RUNS=10 bench/hardware.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
RUNS=${RUNS:-10}
F=${VIGIL_FLEET_DIR:-/tmp/vigil-fleet}
out="$root/bench/out"
mkdir -p "$out"
[ -x "$root/cli/target/vigil/bin/vigil" ] || (cd "$root" && ./mvnw -q -B -DskipTests package)
VIGIL="$root/cli/target/vigil/bin/vigil"
state=$(mktemp -d)
CFG="$state/vigil.yaml"
{ cat "$root/bench/healthcheck/vigil.yaml"; echo "power: {ipmi_cipher_suite: 3, bmc_timeout: 10s, ipmi_retries: 1}"; } > "$CFG"
javac -d "$state" -cp "$root/cli/target/vigil/lib/*" "$root/bench/healthcheck/ProbeScript.java"
java -cp "$state:$root/cli/target/vigil/lib/*" ProbeScript "$CFG" > "$state/probes.json"
python3 - "$state" <<'PY'
import json, sys
d = sys.argv[1]
with open(d + "/probes.sh", "w") as f:
    for i, p in enumerate(json.load(open(d + "/probes.json"))):
        f.write("echo '#probe %d'\n( %s\n)\n" % (i, p))
PY
VIGIL_FLEET_DIR=$F "$root/e2e/fleet.sh" start 20 >/dev/null
VIGIL_FLEET_DIR=$F "$root/e2e/fleet.sh" bmc-start 20 >/dev/null
export VIGIL_BMC_PASSWORD=${VIGIL_BMC_PASSWORD:-vigil-bmc} IPMI_PASSWORD=${VIGIL_BMC_PASSWORD:-vigil-bmc}
SSH_OPTS=(-o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$F/known_hosts" -o ConnectTimeout=10 -i "$F/id_ed25519" -l root)
IPMI="ipmitool -I lanplus -C 3 -U admin -E -R 1 -N 1"
printf 'sensor\nsdr elist\n' > "$state/sensors.cmd"
printf 'sel info\nsel elist\n' > "$state/sel.cmd"
printf 'sensor\nsdr elist\nsel info\nsel elist\n' > "$state/bmc.cmd"
vigil_hc() { "$VIGIL" --state-dir "$state/s" -c "$CFG" -i "$F/inventory.yaml" --known-hosts "$F/known_hosts" --progress none healthcheck run "$@" --format json >"$state/vigil.out" || [ $? -le 2 ]; }
run_vigil_sensors() { vigil_hc --checks bmc-sensors; }
run_ipmitool_sensors() { seq 1 20 | xargs -P 20 -I{} sh -c "$IPMI -H 127.0.2.{} exec '$state/sensors.cmd' > '$state/ipmi-{}.out'"; }
run_vigil_full() { vigil_hc; }
run_ssh_full() {
  seq 1 20 | xargs -P 20 -I{} sh -c "ssh $SSH_OPTS_STR 127.0.1.{} 'sh -s' < '$state/probes.sh' > '$state/ssh-{}.out' & \
    $IPMI -H 127.0.2.{} exec '$state/bmc.cmd' > '$state/ipmi-b-{}.out' & wait"
}
export -f run_vigil_sensors run_ipmitool_sensors run_vigil_full run_ssh_full vigil_hc
export VIGIL CFG F state IPMI
export SSH_OPTS_STR="${SSH_OPTS[*]}"
csv="$out/hardware.csv"
: > "$csv"
for t in vigil_sensors ipmitool_sensors vigil_full ssh_full; do "run_$t"; done   # warm-up
for i in $(seq 1 "$RUNS"); do
  for t in vigil_sensors ipmitool_sensors vigil_full ssh_full; do
    echo "$i,$t,$(measure "run_$t")" >> "$csv"
  done
done
grep -q '"check" : "bmc-sensors"' "$state/vigil.out" || { echo "vigil: no bmc-sensors results" >&2; exit 1; }
[ "$(grep -c 'CPU1 Temp' "$state"/ipmi-1.out)" -ge 1 ] || { echo "ipmitool: no sensors read" >&2; exit 1; }
for t in vigil_sensors ipmitool_sensors vigil_full ssh_full; do grep ",$t," "$csv" > "$state/$t.csv"; done
med() { median "$state/$1.csv" "$2"; }
header "$root" "20 nodes, 20 ipmi_sim BMCs; $RUNS rounds (alternating)"
echo "RESULT bmc-sensors wall_ms vigil=$(med vigil_sensors 3) ipmitool=$(med ipmitool_sensors 3)"
echo "RESULT bmc-sensors cpu_s vigil=$(med vigil_sensors 4) ipmitool=$(med ipmitool_sensors 4) per_node_vigil=$(awk -v c="$(med vigil_sensors 4)" 'BEGIN {printf "%.3f", c/20}')"
echo "RESULT healthcheck-full wall_ms vigil=$(med vigil_full 3) ssh+ipmitool=$(med ssh_full 3)"
awk -v v="$(med vigil_full 3)" -v s="$(med ssh_full 3)" 'BEGIN {printf "RESULT healthcheck-full ratio vigil/ssh = %.2f (goal <= 1.3)\n", v/s}'
echo "RESULT healthcheck-full cpu_s vigil=$(med vigil_full 4) ssh+ipmitool=$(med ssh_full 4)"
