#!/usr/bin/env bash
# Start-up: median wall time of `vigil --version` and of a local `vigil exec -- true` (goal for
# --version: <= 0.4 s), with `java -version` as the floor the JVM itself sets. Uses hyperfine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null
[ -x "$root/cli/target/vigil/bin/vigil" ] || (cd "$root" && ./mvnw -q -B -DskipTests package)
VIGIL="$root/cli/target/vigil/bin/vigil"
state=$(mktemp -d)
mkdir -p "$root/bench/out"
header "$root" "hyperfine, ${RUNS:-30} runs after 3 warm-ups"
hyperfine -N --warmup 3 --runs "${RUNS:-30}" --export-json "$root/bench/out/startup.json" \
  "java -version" "$VIGIL --version" "$VIGIL --state-dir $state exec -- true" 2>/dev/null \
  | grep -E 'Benchmark|Time \(mean'
python3 - "$root/bench/out/startup.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"median {r['median']*1000:.0f} ms  {r['command'].split('/')[-1]}")
for r in json.load(open(sys.argv[1]))["results"]:
    what = r["command"].split("/")[-1].split(" --state-dir")[0].replace(" ", "_") + ("_exec_true" if "exec" in r["command"] else "")
    print(f"RESULT startup {what} median_ms={r['median']*1000:.0f}" + (" (goal <= 400)" if r["command"].endswith("--version") and "vigil" in r["command"] else ""))
PY
rm -rf "$state"
