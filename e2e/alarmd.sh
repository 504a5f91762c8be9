#!/usr/bin/env bash
# Real alarm receivers on loopback for Vigil's alarm end-to-end tests (root only), from Debian's packages.
#
#   alarmd.sh start          start both (installs prometheus-alertmanager, rsyslog, rsyslog-gnutls if missing)
#   alarmd.sh stop           stop both
#   alarmd.sh stop-syslog    stop only rsyslog (a receiver that is down)
#   (snmptrapd and the SMTP sink are started with the others)
#   alarmd.sh start-syslog   start rsyslog again
#
# Alertmanager 0.25: 127.0.4.1:9093, its own storage under $ALARMD_DIR/am, a route to a receiver with no
#   integrations (alerts are kept and shown by its API; nothing is sent anywhere).
# rsyslog: RFC 5424 over TCP on 127.0.4.2:1514 and over TLS (RFC 5425, gtls, the server's certificate
#   signed by $ALARMD_DIR/ca.pem, SAN IP 127.0.4.2) on 127.0.4.2:6514; every message received is written
#   to $ALARMD_DIR/syslog/received.log, one line each, as RSYSLOG_SyslogProtocol23Format (RFC 5424).
# snmptrapd (Net-SNMP 5.9): 127.0.4.3:1162/udp, v2c community vigil-e2e-community, v3 user vigiltrap
#   (authPriv SHA-256/AES-128, engine 0x80007ed904766967696c), VIGIL-ALARM-MIB loaded (docs/mibs, with
#   the base-module stand-ins of e2e/mibs); every trap decoded to $ALARMD_DIR/snmp/traps.log.
# SMTP: aiosmtpd (Debian's python3-aiosmtpd) on 127.0.4.4:2525 with STARTTLS required (certificate signed by
#   $ALARMD_DIR/ca.pem, SAN IP 127.0.4.4); every message into the maildir $ALARMD_DIR/smtp/maildir.
set -euo pipefail
. "$(dirname "$0")/packages.sh"

ALARMD_DIR=${VIGIL_ALARMD_DIR:-/tmp/vigil-alarmd}
die() { echo "alarmd: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root"

ensure_packages() {
  local missing=()
  [ -x /usr/bin/prometheus-alertmanager ] || missing+=(prometheus-alertmanager)
  [ -x /usr/sbin/rsyslogd ] || missing+=(rsyslog)
  [ -x /usr/sbin/snmptrapd ] || missing+=(snmptrapd)
  /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || missing+=(python3-aiosmtpd)
  [ -e /usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_gtls.so ] || ls /usr/lib/*/rsyslog/lmnsd_gtls.so >/dev/null 2>&1 || missing+=(rsyslog-gnutls)
  command -v openssl >/dev/null || missing+=(openssl)
  install_missing alarmd "${missing[@]}"
}

wait_port() { # proto addr:port what
  local tries=0
  until ss -"$1"ln 2>/dev/null | grep -q " $2 "; do
    tries=$((tries + 1)); [ $tries -gt 200 ] && die "$3 did not start: $(cat "$4" 2>/dev/null | tail -5)"
    sleep 0.05
  done
}

start_am() {
  local d=$ALARMD_DIR/am
  mkdir -p "$d/data"
  if [ -f "$d/pid" ] && kill -0 "$(cat "$d/pid")" 2>/dev/null; then return 0; fi
  cat > "$d/alertmanager.yml" <<'YML'
route:
  receiver: keep
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: keep
YML
  setsid prometheus-alertmanager --config.file="$d/alertmanager.yml" --storage.path="$d/data" \
    --web.listen-address=127.0.4.1:9093 --cluster.listen-address= </dev/null >"$d/log" 2>&1 &
  echo $! > "$d/pid"
  wait_port t 127.0.4.1:9093 alertmanager "$d/log"
}

make_certs() {
  local d=$ALARMD_DIR
  [ -f "$d/syslog/cert.pem" ] && return 0
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=Vigil alarm test CA" -keyout "$d/ca.key" -out "$d/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.4.2" -keyout "$d/syslog/key.pem" -out "$d/syslog/req.pem" 2>/dev/null
  printf 'subjectAltName=IP:127.0.4.2\n' > "$d/syslog/ext.cnf"
  openssl x509 -req -in "$d/syslog/req.pem" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -days 30 \
    -extfile "$d/syslog/ext.cnf" -out "$d/syslog/cert.pem" 2>/dev/null
  chmod 600 "$d/syslog/key.pem"
  mkdir -p "$d/smtp"
  openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.4.4" -keyout "$d/smtp/key.pem" -out "$d/smtp/req.pem" 2>/dev/null
  printf 'subjectAltName=IP:127.0.4.4\n' > "$d/smtp/ext.cnf"
  openssl x509 -req -in "$d/smtp/req.pem" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -days 30 \
    -extfile "$d/smtp/ext.cnf" -out "$d/smtp/cert.pem" 2>/dev/null
  chmod 600 "$d/smtp/key.pem"
}

start_syslog() {
  local d=$ALARMD_DIR/syslog
  mkdir -p "$d/spool"
  if [ -f "$d/pid" ] && kill -0 "$(cat "$d/pid")" 2>/dev/null; then return 0; fi
  make_certs
  cat > "$d/rsyslog.conf" <<CONF
global(workDirectory="$d/spool"
       DefaultNetstreamDriverCAFile="$ALARMD_DIR/ca.pem"
       DefaultNetstreamDriverCertFile="$d/cert.pem"
       DefaultNetstreamDriverKeyFile="$d/key.pem")
module(load="imtcp" StreamDriver.Name="gtls" StreamDriver.Mode="1" StreamDriver.AuthMode="anon")
input(type="imtcp" address="127.0.4.2" port="6514" ruleset="alarms")
module(load="imptcp")
input(type="imptcp" address="127.0.4.2" port="1514" ruleset="alarms" SupportOctetCountedFraming="on")
ruleset(name="alarms") {
  action(type="omfile" file="$d/received.log" template="RSYSLOG_SyslogProtocol23Format")
}
CONF
  rsyslogd -n -f "$d/rsyslog.conf" -i "$d/pid.rsyslogd" </dev/null >"$d/log" 2>&1 &
  echo $! > "$d/pid"
  wait_port t 127.0.4.2:1514 rsyslog "$d/log"
  wait_port t 127.0.4.2:6514 rsyslog "$d/log"
}

start_snmp() {
  local d=$ALARMD_DIR/snmp here
  here=$(cd "$(dirname "$0")" && pwd)
  mkdir -p "$d/persist"
  if [ -f "$d/pid" ] && kill -0 "$(cat "$d/pid")" 2>/dev/null; then return 0; fi
  cat > "$d/snmptrapd.conf" <<CONF
authCommunity log vigil-e2e-community
createUser -e 0x80007ed904766967696c vigiltrap SHA-256 auth-pass-e2e-1 AES priv-pass-e2e-1
authUser log vigiltrap priv
CONF
  chmod 600 "$d/snmptrapd.conf"
  SNMP_PERSISTENT_DIR="$d/persist" snmptrapd -f -C -c "$d/snmptrapd.conf" -M "$here/mibs:$here/../docs/mibs" -m VIGIL-ALARM-MIB \
    -Lf "$d/traps.log" -p "$d/pid.snmptrapd" udp:127.0.4.3:1162 </dev/null >"$d/log" 2>&1 &
  echo $! > "$d/pid"
  wait_port u 127.0.4.3:1162 snmptrapd "$d/log"
}

start_smtp() {
  local d=$ALARMD_DIR/smtp
  mkdir -p "$d"
  if [ -f "$d/pid" ] && kill -0 "$(cat "$d/pid")" 2>/dev/null; then return 0; fi
  make_certs
  setsid /usr/bin/python3 -m aiosmtpd -n -l 127.0.4.4:2525 --tlscert "$d/cert.pem" --tlskey "$d/key.pem" \
    -c aiosmtpd.handlers.Mailbox "$d/maildir" </dev/null >"$d/log" 2>&1 &
  echo $! > "$d/pid"
  wait_port t 127.0.4.4:2525 aiosmtpd "$d/log"
}

stop_one() { # dir
  if [ -f "$1/pid" ]; then
    kill "$(cat "$1/pid")" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$(cat "$1/pid")" 2>/dev/null || break; sleep 0.05; done
    kill -9 "$(cat "$1/pid")" 2>/dev/null || true
    rm -f "$1/pid"
  fi
}

case "${1:-}" in
  start) ensure_packages; mkdir -p "$ALARMD_DIR/syslog"; start_am; start_syslog; start_snmp; start_smtp ;;
  stop) stop_one "$ALARMD_DIR/am"; stop_one "$ALARMD_DIR/syslog"; stop_one "$ALARMD_DIR/snmp"; stop_one "$ALARMD_DIR/smtp" ;;
  stop-syslog) stop_one "$ALARMD_DIR/syslog" ;;
  start-syslog) start_syslog ;;
  clean) stop_one "$ALARMD_DIR/am"; stop_one "$ALARMD_DIR/syslog"; stop_one "$ALARMD_DIR/snmp"; stop_one "$ALARMD_DIR/smtp"; rm -rf "$ALARMD_DIR" ;;
  *) echo "usage: alarmd.sh start|stop|stop-syslog|start-syslog|clean" >&2; exit 64 ;;
esac
