#!/usr/bin/env bash
# Power-on recovery on 100 simulated nodes behind OpenIPMI ipmi_sim BMCs, boot delays spread
# between 2 and 10 s (the 5-minute world scaled down), --parallel 20: makespan against the lower
# bound max(longest load, sum of loads / 20) from the measured loads (goal <= 1.10), and Vigil's
# own overhead per node (power-on to slot reuse, minus the node's boot time; goal <= 0.5 s).
# Then `vigil power status` on 20 BMCs (goal <= 2 s). Needs root.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
F=${VIGIL_FLEET_DIR:-/tmp/vigil-fleet}
N=${N:-100}
[ -x "$root/cli/target/vigil/bin/vigil" ] || (cd "$root" && ./mvnw -q -B -DskipTests package)
export VIGIL_BMC_PASSWORD=vigil-bmc
tmp=$(mktemp -d)
printf 'power: {ipmi_cipher_suite: 3, bmc_timeout: 5s, ipmi_retries: 1}\n' > "$tmp/vigil.yaml"
V=("$root/cli/target/vigil/bin/vigil" -c "$tmp/vigil.yaml" -i "$F/inventory.yaml" --known-hosts "$F/known_hosts" --state-dir "$tmp/st" --progress none)
VIGIL_FLEET_DIR=$F "$root/e2e/fleet.sh" start "$N" >/dev/null
VIGIL_FLEET_DIR=$F "$root/e2e/fleet.sh" bmc-start "$N" >/dev/null
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(machine); $N nodes"
echo "-- power status on 20 BMCs:"
hyperfine -N --warmup 1 --runs 10 "${V[*]} -l node-[1-9],node-1[0-9],node-20 power status" 2>/dev/null | grep -E "Time|Range"
RANDOM=42
# continuous delays (ms resolution): whole seconds would make whole waves finish at the same instant
for i in $(seq 1 "$N"); do printf '%d.%03d\n' $((2 + RANDOM % 8)) $((RANDOM % 1000)) > "$F/nodes/node-$i/boot-delay"; done
report() { python3 - "$1" "$F" "$2" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
loaded = [n for n in r["nodes"] if n["outcome"] == "loaded"]
over, naive, boots, bootlist = [], [], [], []
for n in loaded:
    d = f"{sys.argv[2]}/nodes/{n['name']}"
    delay = float(open(f"{d}/boot-delay").read())
    # the node's own boot: from the BMC taking the power-on to its sshd accepting (the namespace and sshd start included)
    boot = (int(open(f"{d}/booted-at").read()) - int(open(f"{d}/bmc/power-on-at").read())) / 1000
    boots.append(boot - delay)
    bootlist.append(boot)
    naive.append(n["load_s"] - delay)
    over.append(n["load_s"] - boot)
q = lambda xs: (sorted(xs)[len(xs)//2], sorted(xs)[int(len(xs)*0.9)], max(xs))
print(f"-- recover --parallel 20 --order {sys.argv[3]}: {len(loaded)}/{len(r['nodes'])} loaded; makespan {r['makespan_s']}s, "
      f"lower bound {r['lower_bound_s']}s, ratio {r['makespan_s'] / r['lower_bound_s']:.3f} (goal <= 1.10)")
print("   overhead per node (load - measured boot): median %.2fs, p90 %.2fs, max %.2fs (goal <= 0.5 s)" % q(over))
print("   simulated node start beyond its delay (namespace + sshd): median %.2fs, p90 %.2fs, max %.2fs" % q(boots))
ph = {"status read": [], "power on + read back": [], "boot to SSH seen": [], "readiness check": []}
for n in loaded:
    d = f"{sys.argv[2]}/nodes/{n['name']}"
    boot = (int(open(f"{d}/booted-at").read()) - int(open(f"{d}/bmc/power-on-at").read())) / 1000
    start = n["ready_s"] - n["load_s"]
    ph["status read"].append(n["power_on_s"] - start)
    ph["power on + read back"].append(n["bmc_on_s"] - n["power_on_s"])
    ph["boot to SSH seen"].append(n["ssh_up_s"] - n["bmc_on_s"] - boot)
    ph["readiness check"].append(n["ready_s"] - n["ssh_up_s"])
first = [n["load_s"] - b for n, b in zip(loaded, bootlist) if n["ready_s"] - n["load_s"] < 0.5]
later = [n["load_s"] - b for n, b in zip(loaded, bootlist) if n["ready_s"] - n["load_s"] >= 0.5]
print("   overhead, the first %d started together: median %.2fs, p90 %.2fs, max %.2fs" % ((len(first),) + q(first)))
print("   overhead, the %d started on slot reuse: median %.2fs, p90 %.2fs, max %.2fs" % ((len(later),) + q(later)))
print("   overhead by phase, median / p90: " + "; ".join("%s %.2f / %.2fs" % ((k,) + q(v)[:2]) for k, v in ph.items()))
print("   load - boot delay (the simulated start counted as overhead): median %.2fs, p90 %.2fs, max %.2fs" % q(naive))
PY
}
for order in ${ORDERS:-inventory longest-first}; do
  "${V[@]}" power off >/dev/null
  # the controller's CPU (vigil and its ipmitool children) per node, from getrusage
  python3 -c 'import resource, subprocess, sys
with open(sys.argv[1], "w") as out:
    subprocess.run(sys.argv[3:], stdout=out, stderr=subprocess.DEVNULL)
u = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[2], "w").write("%.3f" % (u.ru_utime + u.ru_stime))' "$tmp/report.json" "$tmp/cpu" \
    "${V[@]}" --parallel 20 power recover --node-timeout 60s --order "$order" --format json
  report "$tmp/report.json" "$order"
  echo "   controller CPU (vigil + ipmitool): $(cat "$tmp/cpu") s for $N nodes"
done
for i in $(seq 1 "$N"); do rm -f "$F/nodes/node-$i/boot-delay"; done
VIGIL_FLEET_DIR=$F "$root/e2e/fleet.sh" stop >/dev/null
rm -rf "$tmp"
