#!/usr/bin/env bash
# Backup benchmarks (issue 5), against node-1 of the fleet and the real vsftpd primary (explicit
# TLS 1.3, require_ssl_reuse). Needs root. Every Vigil run has -Xmx256m: the heap cap is the
# streaming claim. Writes what it measures on stdout.
#   1. Full backup of ~1 GB of mixed files (half log-like text, half random binary), Vigil vs
#      ssh node tar cf - | gzip -1 | curl --ssl-reqd -T - ftp://..., both gzip level 1, alternating.
#   2. Incremental after 1% of the files changed, against the full's time.
#   3. Restore of the 1 GB generation from FTPS into a directory.
#   4. 100,000 small files: incremental with nothing changed; restic (Debian's) on the same tree.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
F=${VIGIL_FLEET_DIR:-/tmp/vigil-fleet}
ROUNDS=${ROUNDS:-3}
[ -x "$root/cli/target/vigil/bin/vigil" ] || (cd "$root" && ./mvnw -q -B -DskipTests package)
VIGIL="$root/cli/target/vigil/bin/vigil"
command -v restic >/dev/null || apt-get install -y -qq restic >/dev/null
command -v curl >/dev/null || apt-get install -y -qq curl >/dev/null
VIGIL_FLEET_DIR=$F "$root/e2e/fleet.sh" start 1 >/dev/null
"$root/e2e/ftpd.sh" start >/dev/null
CA=/tmp/vigil-ftpd/ca.pem
tmp=$(mktemp -d /var/tmp/vigil-bench.XXXX)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/vigil.yaml" <<YAML
backup:
  target: primary
  level: 1
  targets:
    primary:
      url: ftpes://vigilbk@127.0.3.1:2121/bench
      ca_file: $CA
YAML
export VIGIL_TARGET_PASSWORD=vigil-ftp
export VIGIL_JAVA_OPTS="-Xmx256m"
v() { "$VIGIL" --state-dir "$tmp/st" -c "$tmp/vigil.yaml" -i "$F/inventory.yaml" --known-hosts "$F/known_hosts" --progress none "$@"; }

data=$F/nodes/node-1/data
python3 - "$data/bench-1g" <<'PY'
import os, random, sys
root = sys.argv[1]
if os.path.exists(os.path.join(root, ".done")):
    sys.exit(0)
os.makedirs(root + "/logs", exist_ok=True); os.makedirs(root + "/bin", exist_ok=True)
r = random.Random(1)
words = ["request", "vm", "volume", "attach", "detach", "ok", "retry", "timeout", "host", "port", "status", "user", "token"]
for i in range(2000):  # ~500 MB of log-like text
    lines = []
    size = 0
    while size < 250_000:
        l = "2026-11-21T%02d:%02d:%02d node-1 vrm[%d]: %s id=%08x took %d ms %s\n" % (
            r.randrange(24), r.randrange(60), r.randrange(60), r.randrange(1, 9999), " ".join(r.choices(words, k=5)),
            r.getrandbits(32), r.randrange(2000), r.choice(words))
        lines.append(l); size += len(l)
    with open("%s/logs/app-%04d.log" % (root, i), "w") as f:
        f.write("".join(lines))
for i in range(250):  # 500 MB of incompressible binary
    with open("%s/bin/blob-%03d.bin" % (root, i), "wb") as f:
        f.write(os.urandom(2 * 1024 * 1024))
open(os.path.join(root, ".done"), "w").close()
PY
bytes=$(du -sb "$data/bench-1g" | cut -f1)
files=$(find "$data/bench-1g" -type f | wc -l)
header "$root" "node-1 of the fleet to the real vsftpd (explicit TLS 1.3); $ROUNDS rounds (alternating)"
echo "data: $bytes bytes in $files files (node-1:/srv/vigil-data/bench-1g)"
sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true

ssh_opts=(-i "$F/id_ed25519" -o UserKnownHostsFile="$F/known_hosts" -o BatchMode=yes)
: > "$tmp/full.csv"
for round in $(seq 1 "$ROUNDS"); do
  t0=$(ms_now)
  ssh "${ssh_opts[@]}" root@127.0.1.1 tar cf - -C / srv/vigil-data/bench-1g | gzip -1 \
    | curl -sS --ssl-reqd --cacert "$CA" -u vigilbk:vigil-ftp --ftp-create-dirs -T - "ftp://127.0.3.1:2121/pipe/round-$round.tar.gz"
  t1=$(ms_now)
  /usr/bin/time -f "%M" -o "$tmp/rss" "$VIGIL" --state-dir "$tmp/st" -c "$tmp/vigil.yaml" -i "$F/inventory.yaml" --known-hosts "$F/known_hosts" \
    --progress none backup run --type full -l node-1 --paths /srv/vigil-data/bench-1g >/dev/null
  t2=$(ms_now)
  echo "$((t1 - t0)),$((t2 - t1)),$(cat "$tmp/rss")" >> "$tmp/full.csv"
  awk -v p=$((t1 - t0)) -v g=$((t2 - t1)) -v b="$bytes" -v rss="$(cat "$tmp/rss")" -v r="$round" 'BEGIN {
    printf "full round %d: pipeline %d ms (%.1f MB/s); vigil %d ms (%.1f MB/s), peak RSS %d MiB; vigil/pipeline throughput %.2f (goal >= 0.8)\n",
      r, p, b/p/1000, g, b/g/1000, rss/1024, p/g }'
done
pm=$(median "$tmp/full.csv" 1); vm=$(median "$tmp/full.csv" 2)
awk -v p="$pm" -v g="$vm" 'BEGIN {printf "full median: pipeline %d ms, vigil %d ms, throughput ratio %.2f\n", p, g, p/g}'
awk -v p="$pm" -v g="$vm" 'BEGIN {printf "RESULT backup-full wall_ms vigil=%d pipeline=%d throughput_ratio=%.2f (goal >= 0.8)\n", g, p, p/g}'

# 2. incremental after 1% of the files changed (a different 1% each round)
: > "$tmp/inc.csv"
for round in 1 2 3; do
  find "$data/bench-1g" -type f -name '*.log' | sort | awk -v r="$round" 'NR % 100 == r' | while read -r f; do echo "changed $(date +%s%N)" >> "$f"; done
  find "$data/bench-1g/bin" -type f | sort | awk -v r="$round" 'NR % 100 == r' | while read -r f; do head -c 4096 /dev/urandom | dd of="$f" conv=notrunc status=none; done
  sleep 1.1
  t0=$(ms_now); v backup run --type incremental -l node-1 --paths /srv/vigil-data/bench-1g --format json > "$tmp/inc.json"; t1=$(ms_now)
  echo "$((t1 - t0))" >> "$tmp/inc.csv"
  python3 -c "import json,sys; n=json.load(open('$tmp/inc.json'))['nodes'][0]; print('incremental after 1%% changed, round $round: %d ms (%.1f%% of the full median %d ms; goal <= 10%%), %s, archive %d bytes' % ($((t1 - t0)), 100.0*$((t1 - t0))/$vm, $vm, n['status'], n['generation']['size']))"
done
im=$(median "$tmp/inc.csv" 1)
awk -v i="$im" -v f="$vm" 'BEGIN {printf "incremental after 1%% changed, median: %d ms = %.1f%% of the full\n", i, 100*i/f}'
awk -v i="$im" -v f="$vm" 'BEGIN {printf "RESULT backup-incremental-1pct median_ms=%d pct_of_full=%.1f (goal <= 10)\n", i, 100*i/f}'

# 3. restore of the latest point (full + incremental) from FTPS
rm -rf "$tmp/restore"
t0=$(ms_now); v backup restore --node node-1 --to "$tmp/restore" >/dev/null; t1=$(ms_now)
if diff -r "$data/bench-1g" "$tmp/restore/srv/vigil-data/bench-1g" >/dev/null; then same=identical; else same=DIFFERENT; fi
echo "restore of the 1 GB point (full + incremental) from FTPS: $((t1 - t0)) ms (goal <= 300000), tree $same"
echo "RESULT backup-restore-1g wall_ms=$((t1 - t0)) tree=$same (goal <= 300000)"
rm -rf "$tmp/restore"

# 4. 100,000 small files, nothing changed; restic on the same tree
python3 - "$data/bench-100k" <<'PY'
import os, sys
root = sys.argv[1]
if not os.path.exists(os.path.join(root, ".done")):
    for d in range(100):
        os.makedirs("%s/d%03d" % (root, d), exist_ok=True)
        for i in range(1000):
            with open("%s/d%03d/f%04d.conf" % (root, d, i), "w") as f:
                f.write("key%d=value%d\n" % (i, d))
    open(os.path.join(root, ".done"), "w").close()
PY
v backup run --type full -l node-1 --paths /srv/vigil-data/bench-100k >/dev/null
sleep 1.1
for round in 1 2 3; do
  t0=$(ms_now); v backup run --type incremental -l node-1 --paths /srv/vigil-data/bench-100k --format json > "$tmp/inc100k.json"; t1=$(ms_now)
  python3 -c "import json; n=json.load(open('$tmp/inc100k.json'))['nodes'][0]; print('incremental, 100,000 files, nothing changed, round $round: $((t1 - t0)) ms (goal <= 10000), %d files listed, archive %d bytes' % (n['generation']['files'], n['generation']['size'])); print('RESULT backup-incremental-100k-unchanged round=$round wall_ms=$((t1 - t0)) (goal <= 10000)')"
done
export RESTIC_PASSWORD=bench RESTIC_REPOSITORY="$tmp/restic"
restic init -q
t0=$(ms_now); restic backup -q "$data/bench-100k" >/dev/null; t1=$(ms_now)
echo "restic first backup of the 100,000 files (local repository): $((t1 - t0)) ms"
for round in 1 2 3; do
  t0=$(ms_now); restic backup -q "$data/bench-100k" >/dev/null; t1=$(ms_now)
  echo "restic backup, nothing changed, round $round: $((t1 - t0)) ms"
  echo "RESULT restic-100k-unchanged round=$round wall_ms=$((t1 - t0))"
done
