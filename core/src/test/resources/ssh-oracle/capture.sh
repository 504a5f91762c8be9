#!/bin/bash
# Captures what the real `ssh -G` resolves for each host of each case of this corpus into CASE/expected:
# the case directory is bind-mounted on ~/.ssh in a private mount namespace (root, unshare), so relative
# Includes resolve as they would for an operator. Keeps user, hostname, port, identityfile, proxyjump, proxycommand.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p -m 700 "$HOME/.ssh"
ssh -V 2> "$here/SSH_VERSION"
for c in "$here"/*/; do
  c=${c%/}
  : > "$c/expected"
  while read -r h; do
    echo "host $h" >> "$c/expected"
    unshare --mount sh -c 'mount --bind "$1" "$HOME/.ssh" && exec ssh -G -F "$HOME/.ssh/config" "$2"' sh "$c" "$h" </dev/null 2>/dev/null \
      | grep -E '^(user|hostname|port|identityfile|proxyjump|proxycommand) ' >> "$c/expected"
  done < "$c/hosts"
done
