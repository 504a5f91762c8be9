#!/usr/bin/env bash
# Power-on recovery on 100 simulated nodes behind OpenIPMI ipmi_sim BMCs, boot delays spread
# between 2 and 10 s (the 5-minute world scaled down), --parallel 20, alternating in one run:
#  - vigil power recover --order inventory vs a shell sliding window doing the same work (xargs -P 20 of
#    ipmitool chassis power on + poll until the SSH port answers + the same readiness command over ssh):
#    wall makespan, goal vigil <= 1.05x the shell;
#  - vigil power recover --order longest-first: makespan against the lower bound max(longest load,
#    sum of loads / 20) from its measured loads, goal <= 1.10;
#  - per-node overhead (power-on to slot reuse, minus the node's boot), reported, not a goal.
# Both windows send power-ons as slots free (--stagger 0: the shell has no stagger); one more run shows
# what the default --stagger 1s costs at this scale. Then `vigil power status` on 20 BMCs.
# Prints a machine line, the date and commit, and RESULT lines. Needs root.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
F=${VIGIL_FLEET_DIR:-/tmp/vigil-fleet}
N=${N:-100}
[ -x "$root/cli/target/vigil/bin/vigil" ] || (cd "$root" && ./mvnw -q -B -DskipTests package)
command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null
export VIGIL_BMC_PASSWORD=vigil-bmc
tmp=$(mktemp -d)
printf 'power: {ipmi_cipher_suite: 3, bmc_timeout: 5s, ipmi_retries: 1}\n' > "$tmp/vigil.yaml"
V=("$root/cli/target/vigil/bin/vigil" -c "$tmp/vigil.yaml" -i "$F/inventory.yaml" --known-hosts "$F/known_hosts" --state-dir "$tmp/st" --progress none)
VIGIL_FLEET_DIR=$F "$root/e2e/fleet.sh" start "$N" >/dev/null
VIGIL_FLEET_DIR=$F "$root/e2e/fleet.sh" bmc-start "$N" >/dev/null
header "$root" "$N nodes, $N ipmi_sim BMCs, parallel 20, boot delays 2-10 s"
echo "-- power status on 20 BMCs:"
hyperfine -N --warmup 1 --runs 10 --export-json "$tmp/status.json" "${V[*]} -l node-[1-9],node-1[0-9],node-20 power status" 2>/dev/null | grep -E "Time|Range"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("RESULT power-status-20 median_ms=%d (goal <= 2000)" % (r["median"]*1000))' "$tmp/status.json"
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
      f"lower bound {r['lower_bound_s']}s, ratio {r['makespan_s'] / r['lower_bound_s']:.3f}")
print("   overhead per node (load - measured boot): median %.2fs, p90 %.2fs, max %.2fs (reported, not a goal)" % q(over))
print("RESULT recover-%s overhead_s median=%.2f p90=%.2f max=%.2f" % ((sys.argv[3],) + q(over)))
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
# the shell's sliding window: the same power-on, the same wait for the SSH port, the same readiness command ('true')
SSH_OPTS_STR="-o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=$F/known_hosts -o ConnectTimeout=5 -i $F/id_ed25519 -l root"
shell_window() {
  seq 1 "$N" | xargs -P 20 -I{} bash -c "IPMI_PASSWORD=$VIGIL_BMC_PASSWORD ipmitool -I lanplus -C 3 -U admin -E -R 1 -N 1 -H 127.0.2.{} chassis power on >/dev/null
    until (exec 3<>/dev/tcp/127.0.1.{}/22) 2>/dev/null; do sleep 0.1; done
    until ssh $SSH_OPTS_STR 127.0.1.{} true 2>/dev/null; do sleep 0.2; done"
}
# user+sys CPU of vigil and its ipmitool children, and the wall time, of one recovery
recover() { # ORDER STAGGER
  "${V[@]}" power off --yes >/dev/null
  python3 -c 'import resource, subprocess, sys, time
t0 = time.monotonic()
with open(sys.argv[1], "w") as out:
    subprocess.run(sys.argv[3:], stdout=out, stderr=subprocess.DEVNULL)
u = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[2], "w").write("%.3f %d" % (u.ru_utime + u.ru_stime, (time.monotonic() - t0) * 1000))' "$tmp/report.json" "$tmp/cpu" \
    "${V[@]}" --parallel 20 power recover --node-timeout 60s --order "$1" --stagger "$2" --format json
}
shell() {
  "${V[@]}" power off --yes >/dev/null
  python3 -c 'import resource, subprocess, sys, time
t0 = time.monotonic()
subprocess.run(["bash", "-c", sys.argv[2]])
u = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "w").write("%.3f %d" % (u.ru_utime + u.ru_stime, (time.monotonic() - t0) * 1000))' "$tmp/cpu" "$(declare -f shell_window); shell_window"
}
export VIGIL_BMC_PASSWORD N SSH_OPTS_STR
: > "$tmp/inv.csv"
for round in $(seq 1 "${ROUNDS:-2}"); do
  recover inventory 0
  report "$tmp/report.json" inventory
  read -r cpu wall < "$tmp/cpu" || true; echo "   round $round vigil: wall ${wall} ms, controller CPU ${cpu} s"; echo "$round,vigil,$wall,$cpu" >> "$tmp/inv.csv"
  shell
  read -r cpu wall < "$tmp/cpu" || true
  [ "$wall" -gt 2000 ] || { echo "the shell window did not run ($wall ms)" >&2; exit 1; }
  echo "   round $round shell window: wall ${wall} ms, controller CPU ${cpu} s"; echo "$round,shell,$wall,$cpu" >> "$tmp/inv.csv"
done
grep ',vigil,' "$tmp/inv.csv" > "$tmp/v.csv"; grep ',shell,' "$tmp/inv.csv" > "$tmp/s.csv"
vw=$(median "$tmp/v.csv" 3); sw=$(median "$tmp/s.csv" 3)
echo "RESULT recover-inventory wall_ms vigil=$vw shell=$sw"
awk -v v="$vw" -v s="$sw" 'BEGIN {printf "RESULT recover-inventory ratio vigil/shell = %.3f (goal <= 1.05)\n", v/s}'
echo "RESULT recover-inventory cpu_s vigil=$(median "$tmp/v.csv" 4) shell=$(median "$tmp/s.csv" 4) per_node_vigil=$(awk -v c="$(median "$tmp/v.csv" 4)" -v n="$N" 'BEGIN {printf "%.3f", c/n}') per_node_shell=$(awk -v c="$(median "$tmp/s.csv" 4)" -v n="$N" 'BEGIN {printf "%.3f", c/n}')"
recover longest-first 0
report "$tmp/report.json" longest-first
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("RESULT recover-longest-first makespan_s=%s lower_bound_s=%s ratio=%.3f (goal <= 1.10)" % (r["makespan_s"], r["lower_bound_s"], r["makespan_s"]/r["lower_bound_s"]))' "$tmp/report.json"
recover inventory 1s
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("RESULT recover-stagger-1s makespan_s=%s lower_bound_s=%s (the 99 gaps of 1 s bound it; not a goal)" % (r["makespan_s"], r["lower_bound_s"]))' "$tmp/report.json"
for i in $(seq 1 "$N"); do rm -f "$F/nodes/node-$i/boot-delay"; done
VIGIL_FLEET_DIR=$F "$root/e2e/fleet.sh" stop >/dev/null
rm -rf "$tmp"
