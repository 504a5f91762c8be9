#!/usr/bin/env bash
# vigil kbox listen under 20 senders x 10,000 extended-format messages: the send rate, and what
# the receiver counted (received, lost by sequence gaps). Paced at 50k and 100k msg/s in all, and
# unpaced. Run once with the kernel's default socket buffer cap, once with net.core.rmem_max raised
# (as a netconsole receiver host should be set up). Needs root for the sysctl.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
[ -x "$root/cli/target/vigil/bin/vigil" ] || (cd "$root" && ./mvnw -q -B -DskipTests package)
VIGIL="$root/cli/target/vigil/bin/vigil"
tmp=$(mktemp -d)
javac -d "$tmp" "$root/bench/netconsole/Flood.java"
old_rmem=$(sysctl -n net.core.rmem_max)
header "$root" "20 senders x 10,000 messages to vigil kbox listen"
run() { # rmem_max rate
  sysctl -q -w net.core.rmem_max="$1"
  rm -rf "$tmp/st" "$tmp/logs"
  "$VIGIL" --state-dir "$tmp/st" kbox listen --bind 127.0.0.1 --port 16999 --dir "$tmp/logs" >"$tmp/out" 2>"$tmp/err" &
  pid=$!
  for _ in $(seq 50); do grep -q "listening on" "$tmp/err" 2>/dev/null && break; sleep 0.1; done
  sent=$(java -cp "$tmp" Flood 16999 20 10000 "$2")
  sleep 1
  kill -TERM "$pid"; wait "$pid" || true
  received=$(grep -o '[0-9]* received' "$tmp/err" | awk '{s+=$1} END {print s}')
  lost=$(grep -o '[0-9]* lost' "$tmp/err" | awk '{s+=$1} END {print s}')
  lines=$(cat "$tmp"/logs/*.log | wc -l)
  echo "rmem_max $1, target rate $2 msg/s: $sent; receiver: $received received, $lost lost (sequence gaps), $lines lines written"
  echo "RESULT netconsole rmem_max=$1 rate=$2 received=$received lost=$lost (goal at 50000: lost=0)"
}
for rm in "$old_rmem" 33554432; do
  for rate in 50000 100000 0; do run "$rm" "$rate"; done
done
sysctl -q -w net.core.rmem_max="$old_rmem"
rm -rf "$tmp"
