# Sourced by the e2e scripts: install_missing WHO PKG... installs the Debian packages given
# (already filtered to the missing ones), never letting a package start its own service.
install_missing() {
  local who=$1; shift
  [ $# -gt 0 ] || return 0
  echo "$who: installing $*" >&2
  # keep the distribution's own services (sshd, vsftpd, postgresql) from starting on wildcard addresses
  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "$@" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$@" >/dev/null; }
}
