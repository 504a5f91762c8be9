#!/usr/bin/env bash
# 200 nodes: vigil exec must end with every node ok; reports the wall time (window 20 and 200)
# and the controller's peak resident memory. Needs root.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
F=${VIGIL_FLEET_DIR:-/tmp/vigil-fleet}
[ -x "$root/cli/target/vigil/bin/vigil" ] || (cd "$root" && ./mvnw -q -B -DskipTests package)
VIGIL="$root/cli/target/vigil/bin/vigil"
t0=$(ms_now); VIGIL_FLEET_DIR=$F "$root/e2e/fleet.sh" start 200 >/dev/null; t1=$(ms_now)
header "$root" "fleet of 200 started in $((t1 - t0)) ms"
state=$(mktemp -d)
for p in 20 200; do
  for i in 1 2 3; do
    t0=$(ms_now)
    /usr/bin/time -f "%M" -o "$state/rss" "$VIGIL" --state-dir "$state" -i "$F/inventory.yaml" --known-hosts "$F/known_hosts" \
      -p "$p" --progress none exec --format json -- 'uptime; df -P / | tail -1' > "$state/out.json"
    t1=$(ms_now)
    ok=$(grep -c '"outcome" : "ok"' "$state/out.json")
    echo "parallel $p run $i: $ok/200 ok in $((t1 - t0)) ms, peak RSS $(( $(cat "$state/rss") / 1024 )) MiB"
    echo "RESULT exec-200 parallel=$p run=$i ok=$ok wall_ms=$((t1 - t0)) rss_mib=$(( $(cat "$state/rss") / 1024 ))"
    [ "$ok" = 200 ] || { echo "not every node ok" >&2; exit 1; }
  done
done
rm -rf "$state"
