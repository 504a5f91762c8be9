#!/usr/bin/env bash
# Real vsftpd backup servers on loopback for Vigil's backup end-to-end tests (root only).
#
#   ftpd.sh start    start both servers (installs vsftpd/openssl if missing), make the CA and user
#   ftpd.sh stop     stop them (files are kept)
#   ftpd.sh clean    stop and remove $FTPD_DIR
#
# primary: 127.0.3.1:2121, explicit TLS (AUTH TLS), TLS 1.3 allowed (OpenSSL's default)
# relay:   127.0.3.2:2990, implicit TLS, TLS 1.2 only (an OpenSSL config caps the protocol)
# small:   127.0.3.3:2121, explicit TLS, its root a 1 MiB tmpfs: a backup server whose disk fills up
# Both force TLS for login and data and set require_ssl_reuse=YES, passive ports on loopback only.
# User vigilbk (password $VIGIL_FTP_PASSWORD or vigil-ftp), chrooted to $FTPD_DIR/<name>/root.
# $FTPD_DIR/ca.pem is the CA that signed both server certificates (SAN: their IP addresses).
set -euo pipefail
. "$(dirname "$0")/packages.sh"

FTPD_DIR=${VIGIL_FTPD_DIR:-/tmp/vigil-ftpd}
FTP_USER=vigilbk
FTP_PASSWORD=${VIGIL_FTP_PASSWORD:-vigil-ftp}

die() { echo "ftpd: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root (it starts vsftpd and adds a user)"

ensure_packages() {
  local missing=()
  [ -x /usr/sbin/vsftpd ] || missing+=(vsftpd)
  command -v openssl >/dev/null || missing+=(openssl)
  install_missing ftpd "${missing[@]}"
}

make_ca() {
  [ -f "$FTPD_DIR/ca.pem" ] && return 0
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=Vigil test CA" \
    -keyout "$FTPD_DIR/ca.key" -out "$FTPD_DIR/ca.pem" 2>/dev/null
}

make_cert() { # name ip
  local d=$FTPD_DIR/$1
  [ -f "$d/cert.pem" ] && return 0
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$2" -keyout "$d/key.pem" -out "$d/req.pem" 2>/dev/null
  printf 'subjectAltName=IP:%s\n' "$2" > "$d/ext.cnf"
  openssl x509 -req -in "$d/req.pem" -CA "$FTPD_DIR/ca.pem" -CAkey "$FTPD_DIR/ca.key" -CAcreateserial \
    -days 30 -extfile "$d/ext.cnf" -out "$d/cert.pem" 2>/dev/null
  chmod 600 "$d/key.pem"
}

ensure_user() {
  # vsftpd changes to the home directory before local_root: it must exist
  id "$FTP_USER" >/dev/null 2>&1 || useradd -M -d "$FTPD_DIR" -s /bin/bash "$FTP_USER"
  usermod -d "$FTPD_DIR" "$FTP_USER"
  echo "$FTP_USER:$FTP_PASSWORD" | chpasswd
}

start_one() { # name ip port implicit(YES|NO) maxproto(''|TLSv1.2) pasv_min pasv_max
  local name=$1 ip=$2 port=$3 implicit=$4 maxproto=$5 d=$FTPD_DIR/$1
  mkdir -p "$d/root" /var/run/vsftpd/empty
  chown "$FTP_USER" "$d/root"
  make_cert "$name" "$ip"
  cat > "$d/vsftpd.conf" <<EOF
listen=YES
listen_ipv6=NO
listen_address=$ip
listen_port=$port
background=NO
anonymous_enable=NO
local_enable=YES
write_enable=YES
local_umask=077
chroot_local_user=YES
allow_writeable_chroot=YES
local_root=$d/root
pam_service_name=vsftpd
secure_chroot_dir=/var/run/vsftpd/empty
seccomp_sandbox=NO
pasv_enable=YES
pasv_address=$ip
pasv_min_port=$6
pasv_max_port=$7
ssl_enable=YES
implicit_ssl=$implicit
force_local_logins_ssl=YES
force_local_data_ssl=YES
require_ssl_reuse=YES
ssl_sslv2=NO
ssl_sslv3=NO
ssl_tlsv1=NO
rsa_cert_file=$d/cert.pem
rsa_private_key_file=$d/key.pem
xferlog_enable=YES
vsftpd_log_file=$d/vsftpd.log
dual_log_enable=YES
log_ftp_protocol=YES
EOF
  local env=()
  if [ -n "$maxproto" ]; then
    cat > "$d/openssl.cnf" <<EOF
openssl_conf = vigil_conf
[vigil_conf]
ssl_conf = vigil_ssl
[vigil_ssl]
system_default = vigil_tls
[vigil_tls]
MaxProtocol = $maxproto
EOF
    env=(OPENSSL_CONF="$d/openssl.cnf")
  fi
  [ -f "$d/pid" ] && kill "$(cat "$d/pid")" 2>/dev/null || true
  env "${env[@]}" setsid /usr/sbin/vsftpd "$d/vsftpd.conf" </dev/null >"$d/stdout.log" 2>&1 &
  echo $! > "$d/pid"
  local deadline=$((SECONDS + 10))
  until timeout 1 bash -c "exec 3<>/dev/tcp/$ip/$port" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || die "$name did not start listening on $ip:$port: $(cat "$d/stdout.log")"
    sleep 0.1
  done
}

stop_all() {
  for p in "$FTPD_DIR"/*/pid; do
    [ -f "$p" ] || continue
    kill "$(cat "$p")" 2>/dev/null || true
    rm -f "$p"
  done
}

case "${1:-}" in
  start)
    ensure_packages
    mkdir -p "$FTPD_DIR"
    make_ca
    ensure_user
    start_one primary 127.0.3.1 2121 NO "" 40000 40049
    start_one relay 127.0.3.2 2990 YES TLSv1.2 40050 40099
    mkdir -p "$FTPD_DIR/small/root"
    mountpoint -q "$FTPD_DIR/small/root" || mount -t tmpfs -o size=1m,mode=0755 tmpfs "$FTPD_DIR/small/root"
    start_one small 127.0.3.3 2121 NO "" 40100 40149
    ;;
  stop) stop_all ;;
  clean)
    stop_all
    mountpoint -q "$FTPD_DIR/small/root" 2>/dev/null && umount "$FTPD_DIR/small/root"
    rm -rf "$FTPD_DIR" ;;
  *) die "usage: ftpd.sh start|stop|clean" ;;
esac
