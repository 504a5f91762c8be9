#!/usr/bin/env bash
# Playbook and scheduler benchmarks (issue 7). Needs root (the fleet).
#   1. the idle daemon's resident memory (default schedules, memory store), after 20 s
#   2. fire delay: a job every second (a one-step local playbook) for 40 s; delay = start - due
#   3. vigil playbook run pre-upgrade on the 20-node fleet (3 rounds): total time vs the sum of its
#      steps' own durations; and, alternating, the same 8 commands run one by one as separate
#      vigil processes, as an operator would without the playbook
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
F=${VIGIL_FLEET_DIR:-/tmp/vigil-fleet}
[ -x "$root/cli/target/vigil/bin/vigil" ] || (cd "$root" && ./mvnw -q -B -DskipTests package)
VIGIL="$root/cli/target/vigil/bin/vigil"
tmp=$(mktemp -d /var/tmp/vigil-bench-pb.XXXX)
trap 'kill $dpid 2>/dev/null || true; rm -rf "$tmp"' EXIT
dpid=
header "$root" "the daemon's fire delay and footprint, and pre-upgrade on the 20-node fleet"

# 1. idle daemon
: > "$tmp/empty.yaml"
"$VIGIL" -c "$tmp/empty.yaml" --state-dir "$tmp/st1" --progress none daemon 2> "$tmp/d1.log" &
dpid=$!
sleep 20
rss=$(awk '/VmRSS/ {print $2}' /proc/$dpid/status)
threads=$(awk '/Threads/ {print $2}' /proc/$dpid/status)
echo "idle daemon (default schedules, memory store) after 20 s: RSS $((rss / 1024)) MiB, $threads threads"
kill -TERM $dpid; wait $dpid || true

# 2. fire delay
cat > "$tmp/tick.yaml" <<YAML
name: tick
steps:
  - uses: exec
    with: {command: "true"}
YAML
{
  echo "schedules:"
  echo "  jobs:"
  for j in daily-incremental-backup weekly-full-backup daily-routine alarm-scan blackbox-collection; do echo "    $j: {enabled: false}"; done
  echo "    tick: {cron: \"* * * * * ?\", playbook: $tmp/tick.yaml}"
} > "$tmp/tick-vigil.yaml"
"$VIGIL" -c "$tmp/tick-vigil.yaml" --state-dir "$tmp/st2" --progress none daemon 2> "$tmp/d2.log" &
dpid=$!
sleep 40
rss=$(awk '/VmRSS/ {print $2}' /proc/$dpid/status)
kill -TERM $dpid; wait $dpid || true
python3 - "$tmp/st2/schedule/runs.jsonl" "$rss" <<'PY'
import json, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
d = sorted(r["delay_ms"] for r in runs if r.get("delay_ms") is not None)
from datetime import datetime
def t(s): return datetime.fromisoformat(s.replace("Z", "+00:00"))
dur = sorted((t(r["finished"]) - t(r["started"])).total_seconds() * 1000 for r in runs if r.get("finished"))
print("fire delay over %d fires of a job due every second: median %d ms, p90 %d ms, max %d ms (goal <= 1000 ms); each run took median %d ms; RSS after 40 s %d MiB"
      % (len(d), d[len(d)//2], d[int(len(d)*0.9)], d[-1], dur[len(dur)//2], int(sys.argv[2]) // 1024))
print("RESULT daemon-fire-delay median_ms=%d p90_ms=%d max_ms=%d (goal <= 1000)" % (d[len(d)//2], d[int(len(d)*0.9)], d[-1]))
PY

# 3. pre-upgrade on the fleet
VIGIL_FLEET_DIR=$F "$root/e2e/fleet.sh" start 20 >/dev/null
cat > "$tmp/vigil.yaml" <<YAML
backup:
  target: local
  sets:
    - name: management
      groups: [mgmt, compute]
      include: [/etc/vigil-app]
  targets:
    local:
      url: file://$tmp/backups
YAML
g=(--state-dir "$tmp/st3" --progress none -c "$tmp/vigil.yaml" -i "$F/inventory.yaml" --known-hosts "$F/known_hosts")
for round in 1 2 3; do
  t0=$(ms_now)
  "$VIGIL" "${g[@]}" playbook run pre-upgrade --reason "bench round $round" --format json --out "$tmp/pre.json" 2>/dev/null || true
  t1=$(ms_now)
  "$VIGIL" "${g[@]}" inventory check --format json >/dev/null || true
  "$VIGIL" "${g[@]}" healthcheck run --format json --save >/dev/null || true
  "$VIGIL" "${g[@]}" healthcheck baseline --update --format json >/dev/null || true
  "$VIGIL" "${g[@]}" healthcheck run --checks clock-sync --format json >/dev/null || true
  "$VIGIL" "${g[@]}" healthcheck run --checks disk-space,disk-inodes --format json >/dev/null || true
  "$VIGIL" "${g[@]}" backup run --type pre-risk --reason "bench round $round" --format json >/dev/null || true
  "$VIGIL" "${g[@]}" backup verify --format json >/dev/null || true
  "$VIGIL" "${g[@]}" kbox collect --format json >/dev/null || true
  t2=$(ms_now)
  python3 - "$tmp/pre.json" $((t1 - t0)) $((t2 - t1)) "$round" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
steps = sum(s["duration_ms"] for s in r["steps"])
total, manual, rnd = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
print("pre-upgrade round %s on 20 nodes: playbook %d ms (steps' own work %d ms = %.0f%%; %s); the same 8 commands as separate vigil runs %d ms"
      % (rnd, total, steps, 100.0 * steps / total, " ".join("%s=%s/%dms" % (s["id"], s["status"], s["duration_ms"]) for s in r["steps"]), manual))
print("RESULT pre-upgrade round=%s playbook_ms=%d separate_runs_ms=%d" % (rnd, total, manual))
PY
done
