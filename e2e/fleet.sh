#!/usr/bin/env bash
# A simulated fleet of real nodes on one Linux machine, for Vigil's end-to-end tests (root only).
#
# Node i (1..254) is a process tree in its own mount, UTS and PID namespaces (unshare): hostname
# node-i, its own /var/log, /var/crash, /etc/vigil-app and /srv/vigil-data (bind mounts of
# $FLEET_DIR/nodes/node-i/...), its own black box (/etc/kbox, /sys/fs/pstore, /var/lib/systemd/pstore), its own /root (a stock home, as on a fresh node), a few named service processes, and a real OpenSSH sshd with its
# own host keys listening on 127.0.1.i. Its BMC address is 127.0.2.i (used by power recovery).
# Only loopback addresses are used.
#
#   fleet.sh start N         start nodes 1..N (installs openssh-server if missing), write the inventories
#   fleet.sh stop-node I     power loss: the node's namespace and everything in it is killed
#   fleet.sh start-node I    power the node back on
#   fleet.sh stop            stop every node (files are kept)
#   fleet.sh clean           stop and remove $FLEET_DIR
#   fleet.sh status          one line per node: up or down
#   fleet.sh bmc-start N     an OpenIPMI ipmi_sim BMC for nodes 1..N on 127.0.2.i:623 (user admin, password
#                            $VIGIL_BMC_PASSWORD or vigil-bmc); power on boots the node after
#                            nodes/node-i/boot-delay seconds (default 2), power off kills it
#   fleet.sh bmc-stop        stop every BMC
#   fleet.sh start-hardened I...  start nodes I... hardened as CIS benchmarks ask: PermitRootLogin no, and a
#                            login user vigil (password $VIGIL_BECOME_PASSWORD or vigil-sudo, the fleet's client
#                            key) allowed sudo: NOPASSWD on the first node, with its password on the others;
#                            not in the inventories; their host keys in known_hosts.hardened
#   fleet.sh bmc-sensor I NAME VALUE  set a sensor of node-i's BMC (e2e/bmc/*.sdrs: cpu1-temp, fan1, ps1, ps2);
#                            the BMC reads it within half a second
#   fleet.sh bmc-sel I BYTES  add an entry to node-i's SEL (sensor type, number, event type, offset)
#
# Written for the tests: $FLEET_DIR/inventory.yaml (Vigil), inventory.ini (Ansible), known_hosts,
# id_ed25519 (the client key every node accepts for root).
set -euo pipefail
. "$(dirname "$0")/packages.sh"

FLEET_DIR=${VIGIL_FLEET_DIR:-/tmp/vigil-fleet}
SSH_PORT=${VIGIL_FLEET_SSH_PORT:-22}
MGMT_NODES=${VIGIL_FLEET_MGMT_NODES:-2}

die() { echo "fleet: $*" >&2; exit 1; }
ip_of() { echo "127.0.1.$1"; }
bmc_of() { echo "127.0.2.$1"; }

need_root() { [ "$(id -u)" = 0 ] || die "must run as root (it makes namespaces and starts sshd)"; }

ensure_packages() {
  local missing=()
  [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
  command -v ssh-keygen >/dev/null || missing+=(openssh-client)
  command -v unshare >/dev/null || missing+=(util-linux)
  command -v pgrep >/dev/null || missing+=(procps)
  install_missing fleet "${missing[@]}"
}

port_open() { timeout 1 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

wait_port() { # ip port want(open|closed) seconds
  local deadline=$((SECONDS + $4))
  while [ $SECONDS -lt $deadline ]; do
    if port_open "$1" "$2"; then [ "$3" = open ] && return 0; else [ "$3" = closed ] && return 0; fi
    sleep 0.1
  done
  return 1
}

write_node_init() {
  cat > "$FLEET_DIR/node-init.sh" <<'EOF'
#!/usr/bin/env bash
# PID 1 of a simulated node: private mounts, hostname, services, sshd.
set -e
i=$1; fleet=$2; mgmt=$3
d="$fleet/nodes/node-$i"
hostname "node-$i"
mount --bind "$d/var/log" /var/log
mount --bind "$d/var/crash" /var/crash
mount --bind "$d/etc-app" /etc/vigil-app
mount --bind "$d/data" /srv/vigil-data
mount --bind "$d/root" /root
# the black box: Kbox records and config, pstore (a writable stand-in for the NV store), kdump under /var/crash
mount --bind "$d/etc-kbox" /etc/kbox
mount --bind "$d/pstore" /sys/fs/pstore 2>/dev/null || mount -t tmpfs -o size=1m tmpfs /sys/fs/pstore
mount --bind "$d/systemd-pstore" /var/lib/systemd/pstore
if [ "$i" -le "$mgmt" ]; then
  "$fleet/bin/vrm-agent" infinity </dev/null >/dev/null 2>&1 &
else
  "$fleet/bin/cna-agent" infinity </dev/null >/dev/null 2>&1 &
fi
"$fleet/bin/heartbeatd" infinity </dev/null >/dev/null 2>&1 &
# the service's heartbeat, as the health check's heartbeat probe reads it
# written aside and renamed, as a service should: a reader never sees the file empty between truncate and write
( while :; do date +%s > /srv/vigil-data/.heartbeat.tmp && mv -f /srv/vigil-data/.heartbeat.tmp /srv/vigil-data/heartbeat; sleep 2; done ) </dev/null >/dev/null 2>&1 &
/usr/sbin/sshd -D -e -f "$d/sshd_config" 2>>"$d/sshd.log" &
# booted-at: when sshd first accepts a connection (epoch ms), so benchmarks can tell boot time from the controller's overhead
listen=$(sed -n 's/^ListenAddress //p' "$d/sshd_config")
( for _ in $(seq 1 3000); do
    if (exec 3<>"/dev/tcp/${listen%:*}/${listen##*:}") 2>/dev/null; then date +%s%3N > "$d/booted-at"; break; fi
    sleep 0.01
  done ) </dev/null >/dev/null 2>&1 &
trap 'exit 0' TERM
while :; do wait || true; done
EOF
  chmod 755 "$FLEET_DIR/node-init.sh"
}

prepare_node() {
  local i=$1
  local d="$FLEET_DIR/nodes/node-$i"
  mkdir -p "$d/var/log" "$d/var/crash" "$d/etc-app" "$d/data" "$d/root" "$d/etc-kbox" "$d/pstore" "$d/systemd-pstore"
  [ -f "$d/root/.bashrc" ] || cp -a /etc/skel/. "$d/root/" 2>/dev/null || true
  chmod 700 "$d/root"
  [ -f "$d/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C '' -f "$d/ssh_host_ed25519_key"
  [ -f "$d/ssh_host_ecdsa_key" ] || ssh-keygen -q -t ecdsa -b 256 -N '' -C '' -f "$d/ssh_host_ecdsa_key"
  [ -f "$d/var/log/messages" ] || : > "$d/var/log/messages"
  [ -f "$d/etc-app/app.conf" ] || printf 'node=node-%s\nlisten=%s\n' "$i" "$(ip_of "$i")" > "$d/etc-app/app.conf"
  local root_login=prohibit-password keys="$FLEET_DIR/authorized_keys"
  # a hardened node: no root login; other users' keys are read as that user, who cannot enter $FLEET_DIR
  [ -f "$d/hardened" ] && root_login=no && keys="$keys .ssh/authorized_keys"
  cat > "$d/sshd_config" <<EOF
ListenAddress $(ip_of "$i"):$SSH_PORT
HostKey $d/ssh_host_ed25519_key
HostKey $d/ssh_host_ecdsa_key
PidFile $d/sshd.pid
AuthorizedKeysFile $keys
PermitRootLogin $root_login
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
MaxStartups 200:30:400
MaxSessions 64
PrintMotd no
LogLevel ERROR
Subsystem sftp internal-sftp
EOF
}

# the node's unshare process is alive (a stale pid file after a reboot or a killed session is not)
node_running() {
  local pidfile="$FLEET_DIR/nodes/node-$1/unshare.pid" pid
  [ -f "$pidfile" ] || return 1
  pid=$(cat "$pidfile")
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = unshare ] && grep -q "node-init.sh" "/proc/$pid/cmdline" 2>/dev/null && \
    tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q "node-init.sh $1 "
}

start_node() {
  local i=$1
  local d="$FLEET_DIR/nodes/node-$i"
  # the lock lives in the node's directory, which a fresh machine does not have yet
  mkdir -p "$d"
  # serialised per node: a BMC's delayed boot and a direct start-node may race
  (
    flock 9
    if node_running "$i"; then exit 0; fi
    prepare_node "$i"
    rm -f "$d/booted-at"
    setsid unshare --mount --uts --pid --fork --kill-child --mount-proc \
      "$FLEET_DIR/node-init.sh" "$i" "$FLEET_DIR" "$MGMT_NODES" </dev/null >"$d/console.log" 2>&1 9>&- &
    echo $! > "$d/unshare.pid"
  ) 9>"$d/start.lock"
}

stop_node() {
  local i=$1
  local d="$FLEET_DIR/nodes/node-$i"
  if node_running "$i"; then
    kill -KILL "$(cat "$d/unshare.pid")" 2>/dev/null || true
  fi
  rm -f "$d/unshare.pid"
  wait_port "$(ip_of "$i")" "$SSH_PORT" closed 10 || die "node-$i still answers after stop"
}

node_count() { ls -d "$FLEET_DIR"/nodes/node-* 2>/dev/null | wc -l; }

write_inventories() {
  local n=$1 i role
  {
    echo "# Vigil inventory of the simulated fleet (written by e2e/fleet.sh)"
    echo "defaults:"
    echo "  user: root"
    echo "  port: $SSH_PORT"
    echo "  identity: $FLEET_DIR/id_ed25519"
    echo "  bmc: {type: ipmi, port: 623, user: admin, password_env: VIGIL_BMC_PASSWORD}"
    echo "groups:"
    echo "  mgmt: {}"
    echo "  compute: {}"
    echo "nodes:"
    for i in $(seq 1 "$n"); do
      if [ "$i" -le "$MGMT_NODES" ]; then role=mgmt; else role=compute; fi
      echo "  - {name: node-$i, address: $(ip_of "$i"), groups: [$role], bmc: {address: $(bmc_of "$i")}}"
    done
  } > "$FLEET_DIR/inventory.yaml.tmp"
  mv "$FLEET_DIR/inventory.yaml.tmp" "$FLEET_DIR/inventory.yaml"
  {
    echo "# Ansible inventory of the simulated fleet (written by e2e/fleet.sh)"
    echo "[mgmt]"
    for i in $(seq 1 "$n"); do [ "$i" -le "$MGMT_NODES" ] && echo "node-$i ansible_host=$(ip_of "$i") bmc_address=$(bmc_of "$i")"; done
    echo
    echo "[compute]"
    for i in $(seq 1 "$n"); do [ "$i" -gt "$MGMT_NODES" ] && echo "node-$i ansible_host=$(ip_of "$i") bmc_address=$(bmc_of "$i")"; done
    echo
    echo "[all:vars]"
    echo "ansible_user=root"
    echo "ansible_port=$SSH_PORT"
    echo "ansible_ssh_private_key_file=$FLEET_DIR/id_ed25519"
    echo "ansible_python_interpreter=/usr/bin/python3"
    echo "bmc_type=ipmi"
    echo "bmc_user=admin"
    echo "bmc_password_env=VIGIL_BMC_PASSWORD"
  } > "$FLEET_DIR/inventory.ini.tmp"
  mv "$FLEET_DIR/inventory.ini.tmp" "$FLEET_DIR/inventory.ini"
  {
    for i in $(seq 1 "$n"); do
      local host
      local d="$FLEET_DIR/nodes/node-$i"
      if [ "$SSH_PORT" = 22 ]; then host=$(ip_of "$i"); else host="[$(ip_of "$i")]:$SSH_PORT"; fi
      echo "$host $(cut -d' ' -f1,2 "$d/ssh_host_ed25519_key.pub")"
      echo "$host $(cut -d' ' -f1,2 "$d/ssh_host_ecdsa_key.pub")"
    done
  } > "$FLEET_DIR/known_hosts"
  chmod 600 "$FLEET_DIR/known_hosts"
}

cmd_start() {
  local n=${1:?usage: fleet.sh start N}
  [ "$n" -ge 1 ] && [ "$n" -le 254 ] || die "N must be 1..254"
  need_root
  ensure_packages
  mkdir -p "$FLEET_DIR/nodes" "$FLEET_DIR/bin" /run/sshd /etc/vigil-app /var/crash /srv/vigil-data /etc/kbox /var/lib/systemd/pstore
  chmod 700 "$FLEET_DIR"
  chmod 755 /run/sshd
  [ -f "$FLEET_DIR/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C 'vigil-e2e' -f "$FLEET_DIR/id_ed25519"
  cp "$FLEET_DIR/id_ed25519.pub" "$FLEET_DIR/authorized_keys"
  chmod 644 "$FLEET_DIR/authorized_keys"
  for svc in vrm-agent cna-agent heartbeatd; do [ -x "$FLEET_DIR/bin/$svc" ] || cp "$(command -v sleep)" "$FLEET_DIR/bin/$svc"; done
  write_node_init
  local i
  for i in $(seq 1 "$n"); do start_node "$i"; done
  for i in $(seq 1 "$n"); do
    wait_port "$(ip_of "$i")" "$SSH_PORT" open 60 || die "node-$i did not start: $(tail -3 "$FLEET_DIR/nodes/node-$i/sshd.log" "$FLEET_DIR/nodes/node-$i/console.log" 2>/dev/null)"
  done
  write_inventories "$n"
  echo "fleet: $n nodes up in $FLEET_DIR (127.0.1.1-$(ip_of "$n"), port $SSH_PORT)"
}

# hardened nodes: no root login over SSH; the login user vigil becomes root through sudo
cmd_start_hardened() {
  [ $# -ge 1 ] || die "usage: fleet.sh start-hardened I..."
  need_root
  [ -f "$FLEET_DIR/node-init.sh" ] || die "start the fleet first"
  command -v sudo >/dev/null || install_missing fleet sudo
  id vigil >/dev/null 2>&1 || useradd -m -s /bin/bash vigil
  echo "vigil:${VIGIL_BECOME_PASSWORD:-vigil-sudo}" | chpasswd
  install -d -o vigil -g vigil -m 700 /home/vigil/.ssh
  install -o vigil -g vigil -m 600 "$FLEET_DIR/id_ed25519.pub" /home/vigil/.ssh/authorized_keys
  local first=$1 i rules="Defaults:vigil !lecture\n"
  for i in "$@"; do
    if [ "$i" = "$first" ]; then rules="${rules}vigil node-$i = (ALL) NOPASSWD: ALL\n"; else rules="${rules}vigil node-$i = (ALL) ALL\n"; fi
  done
  printf "$rules" > /etc/sudoers.d/vigil-e2e.tmp && chmod 440 /etc/sudoers.d/vigil-e2e.tmp
  visudo -cq -f /etc/sudoers.d/vigil-e2e.tmp || die "the sudoers rules do not parse"
  mv /etc/sudoers.d/vigil-e2e.tmp /etc/sudoers.d/vigil-e2e
  for i in "$@"; do
    # sudo looks its host name up: a node that cannot resolve its own name gets a warning on every command
    grep -q "^$(ip_of "$i") node-$i\$" /etc/hosts || echo "$(ip_of "$i") node-$i" >> /etc/hosts
    mkdir -p "$FLEET_DIR/nodes/node-$i"
    if [ ! -f "$FLEET_DIR/nodes/node-$i/hardened" ]; then
      touch "$FLEET_DIR/nodes/node-$i/hardened"
      node_running "$i" && stop_node "$i"
    fi
    node_running "$i" || start_node "$i"
  done
  : > "$FLEET_DIR/known_hosts.hardened"
  for i in "$@"; do
    wait_port "$(ip_of "$i")" "$SSH_PORT" open 60 || die "node-$i did not start"
    echo "$(ip_of "$i") $(cut -d' ' -f1,2 "$FLEET_DIR/nodes/node-$i/ssh_host_ed25519_key.pub")" >> "$FLEET_DIR/known_hosts.hardened"
  done
  chmod 600 "$FLEET_DIR/known_hosts.hardened"
}

cmd_stop() {
  local d i
  for d in "$FLEET_DIR"/nodes/node-*; do
    [ -d "$d" ] || continue
    i=${d##*-}
    stop_node "$i"
  done
}

cmd_status() {
  local d i
  for d in "$FLEET_DIR"/nodes/node-*; do
    [ -d "$d" ] || continue
    i=${d##*-}
    if port_open "$(ip_of "$i")" "$SSH_PORT"; then echo "node-$i up"; else echo "node-$i down"; fi
  done | sort -V
}

bmc_start() {
  local n=${1:?usage: fleet.sh bmc-start N} i b pw
  if ! command -v ipmi_sim >/dev/null || ! command -v ipmitool >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq openipmi ipmitool >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq openipmi ipmitool >/dev/null; }
  fi
  pw=${VIGIL_BMC_PASSWORD:-vigil-bmc}
  for i in $(seq 1 "$n"); do
    b="$FLEET_DIR/nodes/node-$i/bmc"
    [ -n "$b" ] && [ -d "$FLEET_DIR/nodes/node-$i" ] || die "no node-$i (start the fleet first)"
    mkdir -p "$b"
    if [ -f "$b/ipmi_sim.pid" ] && kill -0 "$(cat "$b/ipmi_sim.pid")" 2>/dev/null; then continue; fi
    if node_running "$i"; then echo 1 > "$b/power"; else echo 0 > "$b/power"; fi
    {
      echo '#!/bin/sh'
      echo "# ipmi_sim chassis control for node-$i: the power flag answers at once, as a BMC does; the node boots after its delay"
      echo "b='$b'; fleet='$FLEET_DIR'; script='$0'; i=$i"
      cat <<'CHASSIS'
dev=$1; op=$2; shift 2
case $op in
  get) for p in "$@"; do case $p in power) echo "power:$(cat "$b/power")";; boot) echo "boot:default";; esac; done ;;
  set) while [ $# -ge 2 ]; do
         if [ "$1" = power ]; then
           # every power change starts a new generation: a boot still pending from an earlier power-on is cancelled
           g=$(( $(cat "$b/generation" 2>/dev/null || echo 0) + 1 )); echo "$g" > "$b/generation"
           echo "$2" > "$b/power"
           if [ "$2" = 1 ]; then
             date +%s%3N > "$b/power-on-at"
             ( sleep "$(cat "$fleet/nodes/node-$i/boot-delay" 2>/dev/null || echo 2)"
               [ "$(cat "$b/generation")" = "$g" ] && [ "$(cat "$b/power")" = 1 ] \
                 && VIGIL_FLEET_DIR="$fleet" bash "$script" start-node "$i" ) </dev/null >/dev/null 2>&1 &
           else
             VIGIL_FLEET_DIR="$fleet" bash "$script" stop-node "$i" </dev/null >/dev/null 2>&1
           fi
         fi
         shift 2
       done ;;
esac
exit 0
CHASSIS
    } > "$b/chassis.sh"
    chmod 755 "$b/chassis.sh"
    cat > "$b/lan.conf" <<LANCONF
name "bmc-node-$i"
set_working_mc 0x20
  startlan 1
    addr $(bmc_of "$i") 623
    priv_limit admin
    allowed_auths_callback none md2 md5 straight
    allowed_auths_user none md2 md5 straight
    allowed_auths_operator none md2 md5 straight
    allowed_auths_admin none md2 md5 straight
    guid $(printf '%032x' "$i")
  endlan
  chassis_control "$b/chassis.sh 0x20"
  user 2 true "admin" "$pw" admin 10 none md2 md5 straight
LANCONF
    chmod 600 "$b/lan.conf"
    bmc_emu "$b" > "$b/bmc.emu"
    setsid ipmi_sim -c "$b/lan.conf" -f "$b/bmc.emu" -n -s "$b/state" </dev/null >"$b/ipmi_sim.log" 2>&1 &
    echo $! > "$b/ipmi_sim.pid"
  done
  for i in $(seq 1 "$n"); do
    local tries=0
    until ss -uln 2>/dev/null | grep -q "$(bmc_of "$i"):623 "; do
      tries=$((tries + 1))
      [ $tries -gt 100 ] && die "BMC of node-$i did not start: $(cat "$FLEET_DIR/nodes/node-$i/bmc/ipmi_sim.log")"
      sleep 0.05
    done
  done
  echo "fleet: $n BMCs up ($(bmc_of 1)-$(bmc_of "$n"):623)"
}

# The sensors of e2e/bmc/*.sdrs, each polled by ipmi_sim from a file under $b/sensors that a test may rewrite
# (fleet.sh bmc-sensor); the SDRs are compiled fresh (sdrcomp) at every start, never persisted, so they never pile up.
bmc_emu() {
  local b=$1 f raw
  mkdir -p "$b/sensors"
  [ -f "$b/sensors/cpu1-temp" ] || echo 45 > "$b/sensors/cpu1-temp"
  [ -f "$b/sensors/fan1" ] || echo 90 > "$b/sensors/fan1"
  [ -f "$b/sensors/ps1" ] || echo 1 > "$b/sensors/ps1"
  [ -f "$b/sensors/ps2" ] || echo 1 > "$b/sensors/ps2"
  echo 'mc_setbmc 0x20'
  echo 'mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02'
  for f in "$(dirname "$0")"/bmc/*.sdrs; do
    raw="$b/sdr.$(basename "$f" .sdrs)"
    sdrcomp -r "$f" > "$raw" || die "sdrcomp failed on $f"
    printf 'main_sdr_add 0x20 %s\n' "$(od -An -tx1 -v "$raw" | tr -s ' \n' ' ' | sed 's/^ //; s/ $//; s/\([0-9a-f][0-9a-f]\)/0x\1/g')"
  done
  echo "sensor_add 0x20 0 1 0x01 0x01 poll 500 file \"$b/sensors/cpu1-temp\""
  echo 'sensor_set_threshold 0x20 0 1 settable 111001 100 90 80 0 0 5'
  echo "sensor_add 0x20 0 2 0x04 0x01 poll 500 file \"$b/sensors/fan1\""
  echo 'sensor_set_threshold 0x20 0 2 settable 000011 0 0 0 0 10 15'
  echo "sensor_add 0x20 0 3 0x08 0x6f poll 500 file \"$b/sensors/ps1\""
  echo "sensor_add 0x20 0 4 0x08 0x6f poll 500 file \"$b/sensors/ps2\""
  echo 'sel_enable 0x20 1000 0x0a'
  echo 'mc_enable 0x20'
}

bmc_stop() {
  local f
  for f in "$FLEET_DIR"/nodes/node-*/bmc/ipmi_sim.pid; do
    [ -f "$f" ] || continue
    kill "$(cat "$f")" 2>/dev/null || true
    rm -f "$f"
  done
}

case "${1:-}" in
  start) need_root; cmd_start "${2:-}" ;;
  bmc-start) need_root; bmc_start "${2:-}" ;;
  bmc-stop) need_root; bmc_stop ;;
  bmc-sel)
    # fleet.sh bmc-sel I 'SENSOR_TYPE SENSOR_NUM EVENT_TYPE DATA1': one entry into node-i's SEL (Add SEL Entry, 0x0a 0x44),
    # e.g. '0x0c 0x05 0x6f 0x01' uncorrectable ECC, '0x08 0x03 0x6f 0x03' power supply AC lost
    i=${2:?usage: fleet.sh bmc-sel I BYTES}
    read -r -a ev <<< "${3:?bytes}"
    IPMI_PASSWORD=${VIGIL_BMC_PASSWORD:-vigil-bmc} ipmitool -I lanplus -C 3 -H "$(bmc_of "$i")" -U admin -E \
      raw 0x0a 0x44 0x00 0x00 0x02 0x00 0x00 0x00 0x00 0x20 0x00 0x04 "${ev[@]}" 0xff 0xff >/dev/null
    ;;
  bmc-sel-clear)
    IPMI_PASSWORD=${VIGIL_BMC_PASSWORD:-vigil-bmc} ipmitool -I lanplus -C 3 -H "$(bmc_of "${2:?usage: fleet.sh bmc-sel-clear I}")" -U admin -E \
      sel clear >/dev/null
    ;;
  bmc-sensor)
    # fleet.sh bmc-sensor I NAME VALUE: cpu1-temp (degrees C), fan1 (RPM / 60), ps1|ps2 (1 present, 3 failed, 9 AC lost)
    d="$FLEET_DIR/nodes/node-${2:?usage: fleet.sh bmc-sensor I NAME VALUE}/bmc/sensors"
    [ -f "$d/${3:?name}" ] || die "no sensor ${3} on node-$2 (cpu1-temp, fan1, ps1, ps2)"
    echo "${4:?value}" > "$d/$3"
    ;;
  stop) need_root; bmc_stop; cmd_stop ;;
  stop-node) need_root; stop_node "${2:?usage: fleet.sh stop-node I}" ;;
  start-node)
    need_root
    i=${2:?usage: fleet.sh start-node I}
    [ -d "$FLEET_DIR/nodes/node-$i" ] || die "no node-$i in $FLEET_DIR (start the fleet first)"
    start_node "$i"
    wait_port "$(ip_of "$i")" "$SSH_PORT" open 30 || die "node-$i did not come up"
    ;;
  start-hardened) shift; cmd_start_hardened "$@" ;;
  status) cmd_status ;;
  clean) need_root; cmd_stop; rm -rf "$FLEET_DIR" ;;
  *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 64 ;;
esac
