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
# implicit: 127.0.3.5:2990, implicit TLS, TLS 1.2 and 1.3
# wrongname: 127.0.3.7:2121, explicit TLS, its certificate issued for 127.0.3.99 (a SAN mismatch)
# These vsftpd servers force TLS for login and data and set require_ssl_reuse=YES.
# proftpd:  127.0.3.4:2121 explicit and 127.0.3.4:2990 implicit (UseImplicitSSL), ProFTPD 1.3.8 mod_tls,
#           TLSRequired on, session reuse required (mod_tls's default), TLS 1.2 and 1.3
# pureftpd: 127.0.3.6:2121, Pure-FTPd -Y 3 (TLS for login and data), explicit only: Debian builds it
#           without implicit TLS
# plainftp: 127.0.3.8:2121, Pure-FTPd -Y 0: a third-party server without TLS (allow_plain_ftp)
# proftpd-basic and pure-ftpd conflict with vsftpd as packages (ftp-server): they are unpacked with
# apt-get download + dpkg -x into $FTPD_DIR/pkgs and run from there. Passive ports on loopback only.
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

make_cert() { # name ip [the address the certificate names, if another]
  local d=$FTPD_DIR/$1 named=${3:-$2}
  mkdir -p "$d"
  [ -f "$d/cert.pem" ] && return 0
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$named" -keyout "$d/key.pem" -out "$d/req.pem" 2>/dev/null
  printf 'subjectAltName=IP:%s\n' "$named" > "$d/ext.cnf"
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

start_one() { # name ip port implicit(YES|NO) maxproto(''|TLSv1.2) pasv_min pasv_max [the certificate's address]
  local name=$1 ip=$2 port=$3 implicit=$4 maxproto=$5 d=$FTPD_DIR/$1
  mkdir -p "$d/root" /var/run/vsftpd/empty
  chown "$FTP_USER" "$d/root"
  make_cert "$name" "$ip" "${8:-}"
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
  wait_listening "$name" "$ip" "$port" "$d/stdout.log"
}

stop_pid() { # pidfile: ends that server and waits until it has (its port is free again)
  [ -f "$1" ] || return 0
  local pid deadline=$((SECONDS + 10))
  pid=$(cat "$1")
  kill "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
  rm -f "$1"
}

wait_listening() { # name ip port log
  local deadline=$((SECONDS + 10))
  until timeout 1 bash -c "exec 3<>/dev/tcp/$2/$3" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || die "$1 did not start listening on $2:$3: $(cat "$4" 2>/dev/null)"
    sleep 0.1
  done
}

# ProFTPD and Pure-FTPd from their Debian packages, unpacked beside vsftpd (the packages conflict)
unpack_servers() {
  local pk=$FTPD_DIR/pkgs
  [ -x "$pk/root/usr/sbin/proftpd" ] && [ -f "$pk/root/usr/lib/proftpd/mod_tls.so" ] && [ -x "$pk/root/usr/sbin/pure-ftpd" ] && return 0
  mkdir -p "$pk" && chmod 755 "$pk"
  local missing=()
  for lib in libhiredis0.14 libmemcached11 libmemcachedutil2 libpcre2-posix3 libsodium23; do
    dpkg -s "$lib" >/dev/null 2>&1 || missing+=("$lib")
  done
  install_missing ftpd "${missing[@]}"
  ( cd "$pk" && { apt-get download proftpd-core proftpd-mod-crypto pure-ftpd >/dev/null 2>&1 \
      || { apt-get update -qq && apt-get download proftpd-core proftpd-mod-crypto pure-ftpd >/dev/null; }; } ) \
    || die "cannot download proftpd-core, proftpd-mod-crypto and pure-ftpd"
  for deb in "$pk"/*.deb; do dpkg -x "$deb" "$pk/root"; done
}

proftpd_conf() { # dir port pasv_min pasv_max implicit(on|off)
  local d=$1 pk=$FTPD_DIR/pkgs/root opts="EnableDiags"
  [ "$5" = on ] && opts="$opts UseImplicitSSL"
  cat <<CONF
ModulePath $pk/usr/lib/proftpd
LoadModule mod_tls.c
ServerType standalone
ServerName "vigil proftpd"
DefaultAddress 127.0.3.4
SocketBindTight on
Port $2
User nobody
Group nogroup
PidFile $d/proftpd.pid
ScoreboardFile $d/proftpd.scoreboard
DelayTable none
WtmpLog off
UseReverseDNS off
DefaultRoot $FTPD_DIR/proftpd/root
RequireValidShell off
AuthOrder mod_auth_unix.c
PassivePorts $3 $4
Umask 077
AllowOverwrite on
SystemLog $d/proftpd.log
TransferLog $d/xfer.log
<IfModule mod_tls.c>
  TLSEngine on
  TLSLog $d/tls.log
  TLSProtocol TLSv1.2 TLSv1.3
  TLSRequired on
  TLSRSACertificateFile $FTPD_DIR/proftpd/cert.pem
  TLSRSACertificateKeyFile $FTPD_DIR/proftpd/key.pem
  TLSVerifyClient off
  TLSOptions $opts
</IfModule>
CONF
}

start_proftpd() { # name port pasv_min pasv_max implicit(on|off)
  local d=$FTPD_DIR/$1 pk=$FTPD_DIR/pkgs/root
  mkdir -p "$d" "$FTPD_DIR/proftpd/root"
  chown "$FTP_USER" "$FTPD_DIR/proftpd/root"
  make_cert proftpd 127.0.3.4
  proftpd_conf "$d" "$2" "$3" "$4" "$5" > "$d/proftpd.conf"
  stop_pid "$d/pid"
  setsid "$pk/usr/sbin/proftpd" -n -q -c "$d/proftpd.conf" </dev/null >"$d/stdout.log" 2>&1 &
  echo $! > "$d/pid"
  wait_listening "$1" 127.0.3.4 "$2" "$d/stdout.log"
}

start_pureftpd() { # name ip tls(-Y) pasv_range
  local d=$FTPD_DIR/$1 pk=$FTPD_DIR/pkgs/root
  mkdir -p "$d/root"
  chown "$FTP_USER" "$d/root"
  make_cert "$1" "$2"
  cat "$d/cert.pem" "$d/key.pem" > "$d/pure-ftpd.pem" && chmod 600 "$d/pure-ftpd.pem"
  stop_pid "$d/pid"
  # -Y 3: TLS for the login and every data connection (0: none); -A: chrooted to the user's home ($FTPD_DIR)
  setsid "$pk/usr/sbin/pure-ftpd" -S "$2,2121" -Y "$3" -2 "$d/pure-ftpd.pem" -l unix -A -E -H -u 1 \
    -p "$4" -P "$2" -U 077:077 </dev/null >"$d/stdout.log" 2>&1 &
  echo $! > "$d/pid"
  wait_listening "$1" "$2" 2121 "$d/stdout.log"
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
    start_one implicit 127.0.3.5 2990 YES "" 40250 40299
    start_one wrongname 127.0.3.7 2121 NO "" 40350 40399 127.0.3.99
    unpack_servers
    start_proftpd proftpd-explicit 2121 40150 40199 off
    start_proftpd proftpd-implicit 2990 40300 40349 on
    start_pureftpd pureftpd 127.0.3.6 3 40200:40249
    start_pureftpd plainftp 127.0.3.8 0 40400:40449
    ;;
  stop) stop_all ;;
  clean)
    stop_all
    mountpoint -q "$FTPD_DIR/small/root" 2>/dev/null && umount "$FTPD_DIR/small/root"
    rm -rf "$FTPD_DIR" ;;
  *) die "usage: ftpd.sh start|stop|clean" ;;
esac
