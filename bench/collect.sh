#!/usr/bin/env bash
# vigil collect --profile all on the 20-node fleet vs the slowest single node collected alone
# (goal: <= 1.5x). Needs root (the fleet).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
F=${VIGIL_FLEET_DIR:-/tmp/vigil-fleet}
[ -x "$root/cli/target/vigil/bin/vigil" ] || (cd "$root" && ./mvnw -q -B -DskipTests package)
VIGIL="$root/cli/target/vigil/bin/vigil"
VIGIL_FLEET_DIR=$F "$root/e2e/fleet.sh" start 20 >/dev/null
tmp=$(mktemp -d)
v() { "$VIGIL" --state-dir "$tmp/st" -i "$F/inventory.yaml" --known-hosts "$F/known_hosts" --progress none collect --profile all --out "$tmp/out" "$@" >/dev/null || [ $? -le 3 ]; }
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(machine)"
for round in 1 2 3; do
  slowest=0; slow_node=
  for i in $(seq 1 20); do
    t0=$(ms_now); v -l "node-$i"; t1=$(ms_now)
    if [ $((t1 - t0)) -gt "$slowest" ]; then slowest=$((t1 - t0)); slow_node=node-$i; fi
  done
  t0=$(ms_now); v; t1=$(ms_now)
  all=$((t1 - t0))
  awk -v a="$all" -v s="$slowest" -v n="$slow_node" -v r="$round" 'BEGIN {printf "round %d: 20 nodes %d ms; slowest single node (%s) %d ms; ratio %.2f (goal <= 1.5)\n", r, a, n, s, a/s}'
done
ls -la "$tmp/out" | tail -2
rm -rf "$tmp"
