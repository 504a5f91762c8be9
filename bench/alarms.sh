#!/usr/bin/env bash
# Alarm benchmarks (issue 13). Needs root (the fleet, and e2e/alarmd.sh's Alertmanager and rsyslog).
#   1. the kbox panic path: a panic datagram sent to `vigil kbox listen` until the alert is in Alertmanager (ROUNDS times)
#   2. 10,000 alarms raised in one scan, delivered to Alertmanager and syslog over TCP; then cleared; nothing lost
#   3. the 5-minute alarm scan (the alarm-scan playbook's checks) on the 20-node fleet: wall time and controller CPU seconds
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
[ -x "$root/cli/target/vigil/bin/vigil" ] || (cd "$root" && ./mvnw -q -B -DskipTests package)
VIGIL="$root/cli/target/vigil/bin/vigil"
F=${VIGIL_FLEET_DIR:-/tmp/vigil-fleet}
N=${N:-10000}
ROUNDS=${ROUNDS:-10}
tmp=$(mktemp -d /var/tmp/vigil-bench-alarms.XXXX)
trap 'kill $lpid 2>/dev/null || true; bash "$root/e2e/alarmd.sh" stop >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
lpid=
header "$root" "alarm delivery: panic to Alertmanager, and a flood of $N alarms"
bash "$root/e2e/alarmd.sh" clean >/dev/null 2>&1 || true
bash "$root/e2e/alarmd.sh" start >/dev/null
AM=http://127.0.4.1:9093
active() { curl -s "$AM/api/v2/alerts?active=true&silenced=true&inhibited=true&filter=$1" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }

# 1. panic -> Alertmanager
cat > "$tmp/listen.yaml" <<YML
alarms:
  sinks: [{type: alertmanager, url: '$AM'}]
YML
"$VIGIL" --state-dir "$tmp/st1" -c "$tmp/listen.yaml" kbox listen --bind 127.0.0.1 --port 16999 --dir "$tmp/nc" >"$tmp/listen.out" 2>"$tmp/listen.err" &
lpid=$!
for _ in $(seq 100); do grep -q "listening on" "$tmp/listen.err" 2>/dev/null && break; sleep 0.1; done
python3 - "$AM" "$ROUNDS" <<'PY'
import json, socket, sys, time, urllib.request
am, rounds = sys.argv[1], int(sys.argv[2])
lat = []
for i in range(rounds):
    src = "127.0.5.%d" % (i + 1)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind((src, 0))
    t0 = time.monotonic()
    s.sendto(b"0,%d,1000,-;Kernel panic - not syncing: bench round %d" % (i + 1, i), ("127.0.0.1", 16999))
    while True:
        q = urllib.parse.quote('node="%s"' % src)
        got = json.load(urllib.request.urlopen(am + "/api/v2/alerts?filter=" + q))
        if got:
            lat.append((time.monotonic() - t0) * 1000); break
        if time.monotonic() - t0 > 10:
            lat.append(float("inf")); break
        time.sleep(0.005)
lat.sort()
print("panic -> Alertmanager over %d rounds: median %.0f ms, max %.0f ms (goal: median <= 1000 ms)" % (rounds, lat[len(lat)//2], lat[-1]))
print("RESULT alarm-panic-to-alertmanager median_ms=%.0f max_ms=%.0f (goal: median <= 1000)" % (lat[len(lat)//2], lat[-1]))
PY
kill $lpid 2>/dev/null || true; wait $lpid 2>/dev/null || true; lpid=

# 2. the flood
cp="$root/cli/target/vigil/lib/*"   # the distribution's jars: core and its dependencies
javac -d "$tmp/cls" -cp "$cp" "$root/bench/alarms/AlarmFlood.java"
before=$(wc -l < /tmp/vigil-alarmd/syslog/received.log 2>/dev/null || echo 0)
/usr/bin/time -f "flood: %e s wall, %U s user, %S s sys, %M KiB max RSS" java -cp "$tmp/cls:$cp" AlarmFlood "$N" "$tmp/flood" "$AM" tcp://127.0.4.2:1514 2>&1
sleep 1
after=$(wc -l < /tmp/vigil-alarmd/syslog/received.log)
raised=$(grep 'source="bench"' /tmp/vigil-alarmd/syslog/received.log | grep -c 'event="raised"' || true)
cleared=$(grep 'source="bench"' /tmp/vigil-alarmd/syslog/received.log | grep -c 'event="cleared"' || true)
echo "syslog received $((after - before)) messages: $raised raised, $cleared cleared (expected $N each)"
echo "RESULT alarm-flood raised=$raised cleared=$cleared expected=$N"
echo "Alertmanager active alerts of the flood after the clear: $(active 'source%3D%22vigil-bench%22')"

# 3. the alarm scan on the fleet
[ -f "$F/inventory.yaml" ] || bash "$root/e2e/fleet.sh" start 20 >/dev/null
cat > "$tmp/scan.yaml" <<YML
healthcheck:
  thresholds: {cpu: {warn: 101, crit: 101}}
alarms:
  sinks: [{type: alertmanager, url: '$AM'}]
YML
for i in 1 2 3; do
  /usr/bin/time -f "alarm scan $i on 20 nodes: %e s wall, %U+%S s controller CPU" "$VIGIL" --state-dir "$tmp/st3" -c "$tmp/scan.yaml" \
    -i "$F/inventory.yaml" --known-hosts "$F/known_hosts" --progress none \
    healthcheck run --alarms --checks disk-space,disk-inodes,cpu,memory,clock-sync,processes,heartbeat,alarms >/dev/null 2>"$tmp/scan.err" || true
  tail -1 "$tmp/scan.err"
done
