#!/usr/bin/env bash
# systemd-analyze verify accepts every unit in systemd/ (or in an installed root's unit folder). The units name the installed paths, and
# verify also checks that each executable exists: copies pointing at the build's slated are
# checked, and at a stand-in for slate-mountd while no such binary is given (it is built by its
# own target).
#   verify_unit.sh SYSTEMD_DIR SLATED [SLATE_MOUNTD]
set -euo pipefail
units=$1
slated=$2
mountd=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [[ -z "$mountd" || ! -x "$mountd" ]]; then
  mountd="$work/slate-mountd"
  printf '#!/bin/sh\nexit 0\n' >"$mountd"
  chmod +x "$mountd"
fi
for unit in "$units"/*.service "$units"/*.socket; do
  sed -e "s|^ExecStart=/usr/bin/slated |ExecStart=$slated |" \
    -e "s|^ExecStart=/usr/sbin/slate-mountd |ExecStart=$mountd |" "$unit" >"$work/${unit##*/}"
done
grep -q "^ExecStart=$slated " "$work/slated.service"
[[ ! -f "$units/slate-mountd.service" ]] || grep -q "^ExecStart=$mountd " "$work/slate-mountd.service"
grep -q '^Type=notify$' "$work/slated.service"
grep -q '^WatchdogSec=' "$work/slated.service"
grep -q '^LimitNOFILE=' "$work/slated.service"
# slated is handed its ports, named as it looks for them.
grep -q '^FileDescriptorName=http$' "$work/slated-http.socket"
grep -q '^FileDescriptorName=https$' "$work/slated-https.socket"
grep -q '^Service=slated.service$' "$work/slated-http.socket"
grep -q '^Service=slated.service$' "$work/slated-https.socket"

cd "$work"
names=(*.service *.socket)
output=$(systemd-analyze verify --man=no "${names[@]}" 2>&1) || {
  echo "$output"
  exit 1
}
# verify exits 0 on some warnings; any line about one of our units is a problem.
for name in "${names[@]}"; do
  if grep -F "$name" <<<"$output"; then
    exit 1
  fi
done
echo "verified: ${names[*]}"
