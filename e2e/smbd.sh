#!/usr/bin/env bash
# A real Samba file server on loopback for Vigil's smb:// target tests (root only).
#
#   smbd.sh start    start smbd (installs samba if missing) with its own config and state under $SMBD_DIR
#   smbd.sh stop     stop it (files are kept)
#   smbd.sh clean    stop and remove $SMBD_DIR
#
# 127.0.3.20:445, workgroup VIGILTEST, SMB 2.1 to 3.1.1, signing mandatory, encryption required;
# share backup$ ($SMBD_DIR/share) for user vigilsmb (password $VIGIL_SMB_PASSWORD or vigil-smb).
# 127.0.3.21:445: the same share with encryption off (server smb encrypt = off), for the refusal test.
set -euo pipefail
. "$(dirname "$0")/packages.sh"

SMBD_DIR=${VIGIL_SMBD_DIR:-/tmp/vigil-smbd}
SMB_USER=vigilsmb
SMB_PASSWORD=${VIGIL_SMB_PASSWORD:-vigil-smb}

die() { echo "smbd: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root (it starts smbd on port 445 and adds a user)"

conf() { # name ip encrypt
  local d=$SMBD_DIR/$1
  cat <<CONF
[global]
  workgroup = VIGILTEST
  server role = standalone server
  interfaces = $2/8
  bind interfaces only = yes
  smb ports = 445
  disable netbios = yes
  private dir = $d/private
  lock directory = $d/lock
  state directory = $d/state
  cache directory = $d/cache
  pid directory = $d/run
  ncalrpc dir = $d/ncalrpc
  log file = $d/log.smbd
  log level = 1
  passdb backend = tdbsam:$SMBD_DIR/passdb.tdb
  map to guest = never
  server min protocol = SMB2_10
  server signing = mandatory
  server smb encrypt = $3
  load printers = no
  printing = bsd
  printcap name = /dev/null
  disable spoolss = yes
  kernel oplocks = no
[backup\$]
  path = $SMBD_DIR/share
  read only = no
  valid users = $SMB_USER
  create mask = 0600
  directory mask = 0700
CONF
}

start_one() { # name ip encrypt
  local d=$SMBD_DIR/$1
  mkdir -p "$d/private" "$d/lock" "$d/state" "$d/cache" "$d/run" "$d/ncalrpc"
  conf "$1" "$2" "$3" > "$d/smb.conf"
  stop_one "$1"
  setsid /usr/sbin/smbd --foreground --no-process-group --configfile="$d/smb.conf" </dev/null >"$d/stdout.log" 2>&1 &
  echo $! > "$d/pid"
  local deadline=$((SECONDS + 15))
  until timeout 1 bash -c "exec 3<>/dev/tcp/$2/445" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || die "$1 did not start listening on $2:445: $(tail -5 "$d/stdout.log" "$d/log.smbd" 2>/dev/null)"
    sleep 0.1
  done
}

stop_one() {
  local p=$SMBD_DIR/$1/pid pid deadline=$((SECONDS + 10))
  [ -f "$p" ] || return 0
  pid=$(cat "$p")
  kill "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
  rm -f "$p"
}

case "${1:-}" in
  start)
    [ -x /usr/sbin/smbd ] || install_missing smbd samba
    mkdir -p "$SMBD_DIR/share"
    id "$SMB_USER" >/dev/null 2>&1 || useradd -M -d "$SMBD_DIR" -s /usr/sbin/nologin "$SMB_USER"
    chown "$SMB_USER" "$SMBD_DIR/share" && chmod 700 "$SMBD_DIR/share"
    mkdir -p "$SMBD_DIR/secure/private" "$SMBD_DIR/secure/lock" "$SMBD_DIR/secure/state" "$SMBD_DIR/secure/cache"
    conf secure 127.0.3.20 required > "$SMBD_DIR/secure/smb.conf"
    printf '%s\n%s\n' "$SMB_PASSWORD" "$SMB_PASSWORD" | smbpasswd -c "$SMBD_DIR/secure/smb.conf" -s -a "$SMB_USER" >/dev/null
    start_one secure 127.0.3.20 required
    start_one clear 127.0.3.21 off
    ;;
  stop) stop_one secure; stop_one clear ;;
  stop-secure) stop_one secure ;;
  clean) stop_one secure; stop_one clear; rm -rf "$SMBD_DIR" ;;
  *) die "usage: smbd.sh start|stop|clean" ;;
esac
