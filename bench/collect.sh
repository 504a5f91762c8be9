#!/usr/bin/env bash
# Fault collection on the e2e fleet (20 nodes, 20 ipmi_sim BMCs), alternating rounds:
#   vigil collect --profile all (one tar.gz bundle)
#   vs the same work over parallel OpenSSH: per node, one `ssh node sh -s` running the items Vigil's own
#   FaultCollector resolves for the node (bench/collect/CollectScript.java prints them), returning a tar.gz,
#   with the profile's BMC readings read at the same time by ipmitool (one exec session per reading, as
#   Vigil does), xargs -P 20; then all nodes' archives in one tar.gz on the controller.
# Wall time (goal: vigil <= 1.2x) and the controller's CPU seconds. Prints a machine line, the date and
# commit, and RESULT lines. Needs root (the fleet).
#   RUNS=7 bench/collect.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
RUNS=${RUNS:-7}
N=20
F=${VIGIL_FLEET_DIR:-/tmp/vigil-fleet}
out="$root/bench/out"
mkdir -p "$out"
[ -x "$root/cli/target/vigil/bin/vigil" ] || (cd "$root" && ./mvnw -q -B -DskipTests package)
VIGIL="$root/cli/target/vigil/bin/vigil"
state=$(mktemp -d)
printf 'power: {ipmi_cipher_suite: 3, bmc_timeout: 10s, ipmi_retries: 1}\n' > "$state/vigil.yaml"
javac -d "$state" -cp "$root/cli/target/vigil/lib/*" "$root/bench/collect/CollectScript.java"
for g in mgmt compute; do java -cp "$state:$root/cli/target/vigil/lib/*" CollectScript all - "$g" > "$state/items-$g.sh"; done
VIGIL_FLEET_DIR=$F "$root/e2e/fleet.sh" start $N >/dev/null
VIGIL_FLEET_DIR=$F "$root/e2e/fleet.sh" bmc-start $N >/dev/null
export VIGIL_BMC_PASSWORD=${VIGIL_BMC_PASSWORD:-vigil-bmc} IPMI_PASSWORD=${VIGIL_BMC_PASSWORD:-vigil-bmc}
: > "$state/bmc.list"
grep -q '^# bmc: sensors' "$state/items-compute.sh" && printf 'sensor\nsdr elist\n' > "$state/bmc-sensors.cmd" && echo sensors >> "$state/bmc.list"
grep -q '^# bmc: events' "$state/items-compute.sh" && printf 'sel info\nsel elist\n' > "$state/bmc-events.cmd" && echo events >> "$state/bmc.list"
SSH_OPTS_STR="-o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=$F/known_hosts -o ConnectTimeout=10 -i $F/id_ed25519 -l root"
IPMI="ipmitool -I lanplus -C 3 -U admin -E -R 1 -N 1"
run_vigil() {
  rm -rf "$state/vout"
  "$VIGIL" --state-dir "$state/s" -c "$state/vigil.yaml" -i "$F/inventory.yaml" --known-hosts "$F/known_hosts" --progress none \
    collect --profile all --out "$state/vout" --format json > "$state/vigil.json" || [ $? -le 2 ]
}
run_ssh() {
  rm -rf "$state/sout" && mkdir -p "$state/sout/nodes"
  seq 1 $N | xargs -P $N -I{} sh -c '
    g=compute; [ {} -le 2 ] && g=mgmt
    ssh '"$SSH_OPTS_STR"' 127.0.1.{} "sh -s" < "'"$state"'/items-$g.sh" > "'"$state"'/sout/nodes/node-{}.tar.gz" &
    for r in $(cat "'"$state"'/bmc.list"); do '"$IPMI"' -H 127.0.2.{} exec "'"$state"'/bmc-$r.cmd" > "'"$state"'/sout/nodes/node-{}-bmc-$r.txt" 2>&1 & done
    wait'
  tar -czf "$state/sout/all.tar.gz" -C "$state/sout" nodes
}
export -f run_vigil run_ssh
export VIGIL F state IPMI SSH_OPTS_STR N
csv="$out/collect.csv"
: > "$csv"
run_vigil; run_ssh   # warm-up
for i in $(seq 1 "$RUNS"); do
  for t in vigil ssh; do echo "$i,$t,$(measure "run_$t")" >> "$csv"; done
done
# both did the work: Vigil's bundle holds every node, each ssh archive is a real tar.gz with the items
[ "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["nodes"]))' "$state/vigil.json")" = $N ] || { echo "vigil: not every node" >&2; exit 1; }
for i in $(seq 1 $N); do tar -tzf "$state/sout/nodes/node-$i.tar.gz" | grep -c 'environment/command-output.txt' >/dev/null || { echo "ssh: node-$i archive incomplete" >&2; exit 1; }; done
vb=$(stat -c %s "$state"/vout/*.tar.gz); sb=$(stat -c %s "$state/sout/all.tar.gz")
for t in vigil ssh; do grep ",$t," "$csv" > "$state/$t.csv"; done
med() { median "$state/$1.csv" "$2"; }
header "$root" "$N nodes, $N ipmi_sim BMCs; collect --profile all; $RUNS rounds (alternating)"
echo "items per compute node: $(grep -c -E '^(mkdir|for g)' "$state/items-compute.sh") in-band, $(wc -l < "$state/bmc.list") BMC readings; archives: vigil $vb bytes, ssh $sb bytes"
echo "RESULT collect wall_ms vigil=$(med vigil 3) ssh=$(med ssh 3)"
awk -v v="$(med vigil 3)" -v s="$(med ssh 3)" 'BEGIN {printf "RESULT collect ratio vigil/ssh = %.2f (goal <= 1.2)\n", v/s}'
echo "RESULT collect cpu_s vigil=$(med vigil 4) ssh=$(med ssh 4) per_node_vigil=$(awk -v c="$(med vigil 4)" -v n=$N 'BEGIN {printf "%.3f", c/n}') per_node_ssh=$(awk -v c="$(med ssh 4)" -v n=$N 'BEGIN {printf "%.3f", c/n}')"
[ -n "${KEEP:-}" ] || rm -rf "$state"
