#!/usr/bin/env bash
# All health checks on the e2e fleet: vigil healthcheck run vs the same probe commands sent by the
# OpenSSH client (one ssh per node, all nodes in parallel) vs an Ansible playbook running them as
# shell tasks (forks 20, pipelining on). Alternating rounds. Then one local node (no SSH), and
# 200 nodes with the controller's peak memory. Needs root.
#   RUNS=10 bench/healthcheck.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
RUNS=${RUNS:-10}
F=${VIGIL_FLEET_DIR:-/tmp/vigil-fleet}
out="$root/bench/out"
mkdir -p "$out"
command -v ansible-playbook >/dev/null || apt-get install -y -qq ansible >/dev/null
command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null
[ -x "$root/cli/target/vigil/bin/vigil" ] || (cd "$root" && ./mvnw -q -B -DskipTests package)
VIGIL="$root/cli/target/vigil/bin/vigil"
CFG="$root/bench/healthcheck/vigil.yaml"
state=$(mktemp -d)
javac -d "$state" -cp "$root/cli/target/vigil/lib/*" "$root/bench/healthcheck/ProbeScript.java"
java -cp "$state:$root/cli/target/vigil/lib/*" ProbeScript "$CFG" > "$state/probes.json"
python3 - "$state" <<'PY'
import json, sys
d = sys.argv[1]
probes = json.load(open(d + "/probes.json"))
with open(d + "/probes.sh", "w") as f:
    for i, p in enumerate(probes):
        f.write("echo '#probe %d'\n( %s\n)\n" % (i, p))
play = [{"hosts": "all", "gather_facts": False, "tasks": [
    {"name": "probe %d" % i, "shell": p, "changed_when": False} for i, p in enumerate(probes)]}]
json.dump(play, open(d + "/playbook.yml", "w"), indent=1)
PY
VIGIL_FLEET_DIR=$F "$root/e2e/fleet.sh" stop >/dev/null 2>&1 || true
VIGIL_FLEET_DIR=$F "$root/e2e/fleet.sh" start 20 >/dev/null
hosts=$(seq 1 20 | sed 's/^/127.0.1./')
SSH_OPTS=(-o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$F/known_hosts" -o ConnectTimeout=10 -i "$F/id_ed25519" -l root)
export ANSIBLE_HOST_KEY_CHECKING=True ANSIBLE_SSH_ARGS="-o UserKnownHostsFile=$F/known_hosts" ANSIBLE_PIPELINING=True ANSIBLE_FORKS=20 \
  ANSIBLE_LOCAL_TEMP=$state/ansible-tmp
run_vigil() { "$VIGIL" --state-dir "$state/s" -c "$CFG" -i "$F/inventory.yaml" --known-hosts "$F/known_hosts" --progress none healthcheck run --format json >"$state/vigil.out" || [ $? -le 2 ]; }
run_ssh() { echo "$hosts" | xargs -P 20 -I{} sh -c "ssh ${SSH_OPTS[*]} {} 'sh -s' < '$state/probes.sh' > '$state/ssh-{}.out'"; }
run_ansible() { ansible-playbook -i "$F/inventory.ini" -f 20 "$state/playbook.yml" >"$state/ansible.out"; }
csv="$out/healthcheck-fleet.csv"
: > "$csv"
for tool in vigil ssh ansible; do "run_$tool"; done
for i in $(seq 1 "$RUNS"); do
  for tool in vigil ssh ansible; do
    t0=$(ms_now); "run_$tool"; t1=$(ms_now)
    echo "$i,$tool,$((t1 - t0))" >> "$csv"
  done
done
[ "$(grep -c '"name" : "node-' "$state/vigil.out")" = 20 ] || { echo "vigil: not 20 nodes" >&2; exit 1; }
grep -q "ok=$(python3 -c "import json;print(len(json.load(open('$state/probes.json'))))") " "$state/ansible.out" || { echo "ansible: tasks did not all run" >&2; tail -5 "$state/ansible.out" >&2; exit 1; }
for tool in vigil ssh ansible; do grep ",$tool," "$csv" > "$state/$tool.csv"; done
v=$(median "$state/vigil.csv" 3); s=$(median "$state/ssh.csv" 3); a=$(median "$state/ansible.csv" 3)
header "$root" "20 nodes; $RUNS rounds (alternating); $(python3 -c "import json;print(len(json.load(open('$state/probes.json'))))") probes"
echo "median wall ms: vigil healthcheck $v, ssh (one per node) $s, ansible-playbook $a"
awk -v v="$v" -v s="$s" -v a="$a" 'BEGIN {printf "vigil/ssh = %.2f (goal <= 1.3); vigil/ansible = %.2f (goal <= 0.2)\n", v/s, v/a}'
echo "RESULT healthcheck wall_ms vigil=$v ssh=$s ansible=$a"
awk -v v="$v" -v s="$s" -v a="$a" 'BEGIN {printf "RESULT healthcheck ratio vigil/ssh = %.2f (goal <= 1.3)\nRESULT healthcheck ratio vigil/ansible = %.2f (goal <= 0.2)\n", v/s, v/a}'

echo "-- one local node, no SSH (goal <= 1.5 s):"
hyperfine -N --warmup 2 --runs 15 --export-json "$out/healthcheck-local.json" -i "$VIGIL --state-dir $state/l healthcheck run" >/dev/null 2>&1
python3 -c "import json;r=json.load(open('$out/healthcheck-local.json'))['results'][0];print('median %.0f ms, max %.0f ms' % (r['median']*1000, r['max']*1000));print('RESULT healthcheck-local median_ms=%.0f (goal <= 1500)' % (r['median']*1000))"

echo "-- 200 nodes:"
VIGIL_FLEET_DIR=$F "$root/e2e/fleet.sh" start 200 >/dev/null
for i in 1 2 3; do
  t0=$(ms_now)
  /usr/bin/time -f "%M" -o "$state/rss" "$VIGIL" --state-dir "$state/s200" -c "$CFG" -i "$F/inventory.yaml" --known-hosts "$F/known_hosts" \
    --progress none healthcheck run --format json > "$state/200.json" || [ $? -le 2 ]
  t1=$(ms_now)
  n=$(grep -c '"name" : "node-' "$state/200.json"); unk=$(grep -c '"status" : "UNKNOWN"' "$state/200.json" || true)
  echo "run $i: $n nodes, $unk UNKNOWN checks, $((t1 - t0)) ms, controller peak RSS $(( $(tail -n1 "$state/rss") / 1024 )) MiB"
  echo "RESULT healthcheck-200 run=$i wall_ms=$((t1 - t0)) nodes=$n unknown=$unk rss_mib=$(( $(tail -n1 "$state/rss") / 1024 ))"
done
VIGIL_FLEET_DIR=$F "$root/e2e/fleet.sh" stop >/dev/null
rm -rf "$state"
