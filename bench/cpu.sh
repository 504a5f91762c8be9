#!/usr/bin/env bash
# The controller's CPU per node: user+sys CPU-seconds of the Vigil process (and its children: ipmitool)
# divided by the nodes, at 20 and 200 nodes of the e2e fleet, for
#   healthcheck run (every check), collect --profile all, kbox collect, backup run --type incremental
#   with nothing changed, power recover (boot delay 1 s, --stagger 0);
# and the same for an OpenSSH baseline doing the same work per node (xargs -P 20):
#   the health check's probes (bench/healthcheck/ProbeScript.java), the collect items (CollectScript.java)
#   plus the BMC readings by ipmitool, kbox collect's listing and previous-boot log (cpu/KboxScript.java),
#   tar --newer-mtime | gzip | curl --ssl-reqd to the same vsftpd, and the shell power window of power.sh.
# The nodes' own sshd, shells and commands are not the controller's cost and are not counted (they are
# not children of the measured process). Prints a machine line, the date and commit, one RESULT line per
# figure, and a projection to 5,000 nodes. Needs root.
#   SIZES="20 200" REPS=3 bench/cpu.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
SIZES=${SIZES:-20 200}
REPS=${REPS:-3}
F=${VIGIL_FLEET_DIR:-/tmp/vigil-fleet}
[ -x "$root/cli/target/vigil/bin/vigil" ] || (cd "$root" && ./mvnw -q -B -DskipTests package)
command -v curl >/dev/null || apt-get install -y -qq curl >/dev/null
VIGIL="$root/cli/target/vigil/bin/vigil"
LIB="$root/cli/target/vigil/lib/*"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
CA=/tmp/vigil-ftpd/ca.pem
"$root/e2e/ftpd.sh" start >/dev/null
{ cat "$root/bench/healthcheck/vigil.yaml"
  echo "power: {ipmi_cipher_suite: 3, bmc_timeout: 10s, ipmi_retries: 1}"
  printf 'backup:\n  target: primary\n  level: 1\n  targets:\n    primary:\n      url: ftpes://vigilbk@127.0.3.1:2121/cpu\n      ca_file: %s\n' "$CA"
} > "$work/vigil.yaml"
export VIGIL_TARGET_PASSWORD=vigil-ftp VIGIL_BMC_PASSWORD=${VIGIL_BMC_PASSWORD:-vigil-bmc} IPMI_PASSWORD=${VIGIL_BMC_PASSWORD:-vigil-bmc}
javac -d "$work" -cp "$LIB" "$root/bench/healthcheck/ProbeScript.java" "$root/bench/collect/CollectScript.java" "$root/bench/cpu/KboxScript.java"
java -cp "$work:$LIB" ProbeScript "$work/vigil.yaml" | python3 -c 'import json,sys
for i, p in enumerate(json.load(sys.stdin)): print("echo \x27#probe %d\x27\n( %s\n)" % (i, p))' > "$work/probes.sh"
for g in mgmt compute; do java -cp "$work:$LIB" CollectScript all - "$g" > "$work/items-$g.sh"; done
java -cp "$work:$LIB" KboxScript > "$work/kbox.sh"
printf 'sensor\nsdr elist\n' > "$work/bmc-sensors.cmd"; printf 'sel info\nsel elist\n' > "$work/bmc-events.cmd"
SSH="ssh -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=$F/known_hosts -o ConnectTimeout=10 -i $F/id_ed25519 -l root"
IPMI="ipmitool -I lanplus -C 3 -U admin -E -R 1 -N 1"
V="$VIGIL --state-dir $work/st -c $work/vigil.yaml -i $F/inventory.yaml --known-hosts $F/known_hosts --progress none"

# the pairs: vigil_X and ssh_X, each a bash command line run by measure (lib.sh)
vigil_healthcheck='$V healthcheck run --format json > /dev/null || [ $? -le 2 ]'
ssh_healthcheck='seq 1 $N | xargs -P 20 -I{} sh -c "$SSH 127.0.1.{} \"sh -s\" < $work/probes.sh > /dev/null"'
vigil_collect='rm -rf $work/vout; $V collect --profile all --out $work/vout > /dev/null || [ $? -le 2 ]'
ssh_collect='rm -rf $work/sout; mkdir -p $work/sout/nodes; seq 1 $N | xargs -P 20 -I{} sh -c "g=compute; [ {} -le 2 ] && g=mgmt;
  $SSH 127.0.1.{} \"sh -s\" < $work/items-\$g.sh > $work/sout/nodes/node-{}.tar.gz &
  for r in sensors events; do $IPMI -H 127.0.2.{} exec $work/bmc-\$r.cmd > $work/sout/nodes/node-{}-\$r.txt 2>&1 & done; wait";
  tar -czf $work/sout/all.tar.gz -C $work/sout nodes'
vigil_kbox='$V kbox collect --out $work/kout > /dev/null || [ $? -le 2 ]'
ssh_kbox='seq 1 $N | xargs -P 20 -I{} sh -c "$SSH 127.0.1.{} \"sh -s\" < $work/kbox.sh > /dev/null 2>&1"'
vigil_backup='$V backup run --type incremental --paths /etc/vigil-app > /dev/null'
ssh_backup='seq 1 $N | xargs -P 20 -I{} sh -c "$SSH 127.0.1.{} \"tar -czf - --newer-mtime=@$(cat $work/since) -C / etc/vigil-app 2>/dev/null\" |
  curl -sS --ssl-reqd --cacert $CA -u vigilbk:vigil-ftp --ftp-create-dirs -T - ftp://127.0.3.1:2121/cpu-ssh/node-{}.tar.gz"'
vigil_power='$V power off --yes > /dev/null; $V power recover --node-timeout 60s --stagger 0 --format json > /dev/null'
ssh_power='$V power off --yes > /dev/null; seq 1 $N | xargs -P 20 -I{} bash -c "$IPMI -H 127.0.2.{} chassis power on > /dev/null
  until (exec 3<>/dev/tcp/127.0.1.{}/22) 2>/dev/null; do sleep 0.1; done; until $SSH 127.0.1.{} true 2>/dev/null; do sleep 0.2; done"'
export V SSH IPMI work CA

header "$root" "sizes: $SIZES; $REPS alternating repetitions per figure (1 at 200 nodes); parallel 20"
csv="$root/bench/out/cpu.csv"; mkdir -p "$root/bench/out"; : > "$csv"
for N in $SIZES; do
  export N
  VIGIL_FLEET_DIR=$F "$root/e2e/fleet.sh" start "$N" >/dev/null
  VIGIL_FLEET_DIR=$F "$root/e2e/fleet.sh" bmc-start "$N" >/dev/null
  for i in $(seq 1 "$N"); do echo 1 > "$F/nodes/node-$i/boot-delay"; done
  rm -rf "$work/st"
  bash -c "$V backup run --type full --paths /etc/vigil-app > /dev/null"   # the incremental's base; unchanged since
  date +%s > "$work/since"; sleep 1.1
  reps=$REPS; [ "$N" -gt 20 ] && reps=1
  for what in healthcheck collect kbox backup power; do
    vc="vigil_$what"; sc="ssh_$what"
    for r in $(seq 1 "$reps"); do
      echo "$N,$what,vigil,$r,$(measure "${!vc}")" >> "$csv"
      echo "$N,$what,ssh,$r,$(measure "${!sc}")" >> "$csv"
    done
    for tool in vigil ssh; do grep "^$N,$what,$tool," "$csv" > "$work/m.csv"; eval "${tool}_cpu=$(median "$work/m.csv" 6)"; eval "${tool}_wall=$(median "$work/m.csv" 5)"; done
    awk -v n="$N" -v w="$what" -v vc="$vigil_cpu" -v sc="$ssh_cpu" -v vw="$vigil_wall" -v sw="$ssh_wall" 'BEGIN {
      printf "RESULT cpu-per-node nodes=%d command=%s vigil_s=%.4f ssh_s=%.4f ratio=%.2f wall_ms vigil=%d ssh=%d\n", n, w, vc/n, sc/n, (sc > 0 ? vc/sc : 0), vw, sw }'
  done
  for i in $(seq 1 "$N"); do rm -f "$F/nodes/node-$i/boot-delay"; done
done
VIGIL_FLEET_DIR=$F "$root/e2e/fleet.sh" stop >/dev/null
