#!/bin/bash
# Captures what the real ansible-inventory (ansible-core) reads from each case of this corpus:
# CASE/expected.json, with the case's directory written as @DIR@. Run from anywhere; needs ansible-inventory.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
empty=$(mktemp -d)
trap 'rm -rf "$empty"' EXIT
: > "$empty/ansible.cfg"
ansible-inventory --version | head -1 > "$here/ANSIBLE_VERSION"
for c in "$here"/*/; do
  c=${c%/}
  src=$(cat "$c/source")
  # an empty working directory, so no playbook-adjacent group_vars are read
  if (cd "$empty" && ANSIBLE_INVENTORY_UNPARSED_FAILED=true ANSIBLE_NOCOLOR=1 ANSIBLE_CONFIG="$empty/ansible.cfg" \
      ansible-inventory -i "$c/$src" --list > "$empty/out" 2> "$empty/err"); then
    sed "s#$c#@DIR@#g" "$empty/out" > "$c/expected.json"
  else
    { echo '{"error": true}'; } > "$c/expected.json"
    sed "s#$c#@DIR@#g" "$empty/err" | tr -s ' \n' ' ' | sed 's/$/\n/' > "$c/expected-error.txt"
  fi
done
