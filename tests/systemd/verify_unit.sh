#!/usr/bin/env bash
# systemd-analyze verify accepts slated.service. The unit names the installed path; a copy pointing
# at the build's slated is checked, since verify also checks that the executable exists.
set -euo pipefail
unit=$1
slated=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed "s|^ExecStart=/usr/bin/slated|ExecStart=$slated|" "$unit" >"$work/slated.service"
grep -q "^ExecStart=$slated " "$work/slated.service"
grep -q '^Type=notify$' "$work/slated.service"
grep -q '^WatchdogSec=' "$work/slated.service"
grep -q '^LimitNOFILE=' "$work/slated.service"
output=$(systemd-analyze verify --man=no "$work/slated.service" 2>&1) || {
  echo "$output"
  exit 1
}
# verify exits 0 on some warnings; any line about our unit is a problem.
if grep -F "slated.service" <<<"$output"; then
  exit 1
fi
echo "slated.service: verified"
