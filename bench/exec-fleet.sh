#!/usr/bin/env bash
# vigil exec vs the OpenSSH client (xargs -P 20 ssh) vs ansible -m shell -f 20, one compound
# command on every node of the e2e fleet. The three alternate within each round, so machine
# noise hits all of them alike. Needs root (the fleet) and Debian's ansible (installed if missing).
#   RUNS=15 N=20 bench/exec-fleet.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
RUNS=${RUNS:-15}
N=${N:-20}
F=${VIGIL_FLEET_DIR:-/tmp/vigil-fleet}
out="$root/bench/out"
mkdir -p "$out"
command -v ansible >/dev/null || apt-get install -y -qq ansible >/dev/null
[ -x "$root/cli/target/vigil/bin/vigil" ] || (cd "$root" && ./mvnw -q -B -DskipTests package)
VIGIL="$root/cli/target/vigil/bin/vigil"
VIGIL_FLEET_DIR=$F "$root/e2e/fleet.sh" start "$N" >/dev/null

CMD='uptime; df -P / | tail -1; cat /proc/loadavg; ps -e | wc -l'
hosts=$(seq 1 "$N" | sed 's/^/127.0.1./')
SSH_OPTS=(-o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$F/known_hosts" -o ConnectTimeout=10 -i "$F/id_ed25519" -l root)
state=$(mktemp -d)
export ANSIBLE_HOST_KEY_CHECKING=True ANSIBLE_SSH_ARGS="-o UserKnownHostsFile=$F/known_hosts" ANSIBLE_PIPELINING=True ANSIBLE_LOCAL_TEMP=$state/ansible-tmp

run_vigil() { "$VIGIL" --state-dir "$state" -i "$F/inventory.yaml" --known-hosts "$F/known_hosts" -p 20 --progress none exec --format json -- "$CMD" >"$state/vigil.out"; }
run_ssh() { echo "$hosts" | xargs -P 20 -I{} ssh "${SSH_OPTS[@]}" {} "$CMD" >"$state/ssh.out"; }
run_ansible() { ansible all -i "$F/inventory.ini" -f 20 -m shell -a "$CMD" >"$state/ansible.out"; }

csv="$out/exec-fleet.csv"
: > "$csv"
for tool in vigil ssh ansible; do "run_$tool"; done   # warm-up: page cache, JIT of nothing, ssh host lookups
for i in $(seq 1 "$RUNS"); do
  for tool in vigil ssh ansible; do
    t0=$(ms_now); "run_$tool"; t1=$(ms_now)
    echo "$i,$tool,$((t1 - t0))" >> "$csv"
  done
done
grep -c '"outcome" : "ok"' "$state/vigil.out" | grep -qx "$N" || { echo "vigil: not every node ok" >&2; exit 1; }
[ "$(grep -c ' load average' "$state/ssh.out")" = "$N" ] || { echo "ssh: not every node answered" >&2; exit 1; }
[ "$(grep -c 'CHANGED' "$state/ansible.out")" = "$N" ] || { echo "ansible: not every node CHANGED" >&2; exit 1; }
for tool in vigil ssh ansible; do grep ",$tool," "$csv" > "$state/$tool.csv"; done
v=$(median "$state/vigil.csv" 3); s=$(median "$state/ssh.csv" 3); a=$(median "$state/ansible.csv" 3)
header "$root" "nodes: $N; runs: $RUNS (alternating)"
echo "median wall ms: vigil $v, xargs -P 20 ssh $s, ansible -f 20 $a"
awk -v v="$v" -v s="$s" -v a="$a" 'BEGIN {printf "vigil/ssh = %.2f (goal <= 1.2); vigil/ansible = %.2f (goal <= 0.5)\n", v/s, v/a}'
echo "RESULT exec wall_ms vigil=$v ssh=$s ansible=$a"
awk -v v="$v" -v s="$s" -v a="$a" 'BEGIN {printf "RESULT exec ratio vigil/ssh = %.2f (goal <= 1.2)\nRESULT exec ratio vigil/ansible = %.2f (goal <= 0.5)\n", v/s, v/a}'
rm -rf "$state"
