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
for i in $(seq 1 "$N"); do echo $((2 + RANDOM % 9)) > "$F/nodes/node-$i/boot-delay"; done
report() { python3 - "$1" "$F" "$2" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
loaded = [n for n in r["nodes"] if n["outcome"] == "loaded"]
over = []
for n in loaded:
    delay = int(open(f"{sys.argv[2]}/nodes/{n['name']}/boot-delay").read())
    over.append(n["load_s"] - delay)
over.sort()
print(f"-- recover --parallel 20 --order {sys.argv[3]}: {len(loaded)}/{len(r['nodes'])} loaded; makespan {r['makespan_s']}s, "
      f"lower bound {r['lower_bound_s']}s, ratio {r['makespan_s'] / r['lower_bound_s']:.3f} (goal <= 1.10)")
print(f"   overhead per node (load - boot delay): median {over[len(over)//2]:.2f}s, p90 {over[int(len(over)*0.9)]:.2f}s, "
      f"max {over[-1]:.2f}s (goal <= 0.5 s)")
PY
}
for order in inventory longest-first; do
  "${V[@]}" power off >/dev/null
  "${V[@]}" --parallel 20 power recover --node-timeout 60s --order "$order" --format json > "$tmp/report.json" 2>/dev/null
  report "$tmp/report.json" "$order"
done
for i in $(seq 1 "$N"); do rm -f "$F/nodes/node-$i/boot-delay"; done
VIGIL_FLEET_DIR=$F "$root/e2e/fleet.sh" stop >/dev/null
rm -rf "$tmp"
