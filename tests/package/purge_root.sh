#!/usr/bin/env bash
# Purging the package from the root Package.Installs made deletes /var/lib/slate (saying so), the
# configuration and the units' links, and keeps the user slate.
#   purge_root.sh ROOT
set -euo pipefail
root=$1
[[ -f "$root/var/lib/dpkg/info/slate.list" ]] || {
  echo "slate is not installed in $root (Package.Installs installs it)" >&2
  exit 1
}
mkdir -p "$root/var/lib/slate"
echo "a catalogue" >"$root/var/lib/slate/catalogue.db"
output=$(dpkg --root="$root" --force-script-chrootless --force-depends --log=/dev/null \
  --purge slate 2>&1)
echo "$output"
failed=0
fail() {
  echo "FAIL: $*" >&2
  failed=1
}
grep -q 'removing /var/lib/slate' <<<"$output" || fail "purge did not say it removes /var/lib/slate"
[[ ! -e "$root/var/lib/slate" ]] || fail "/var/lib/slate is still there"
[[ ! -e "$root/etc/slate/slated.toml" ]] || fail "/etc/slate/slated.toml is still there"
[[ ! -e "$root/usr/bin/slated" ]] || fail "/usr/bin/slated is still there"
[[ ! -L "$root/etc/systemd/system/multi-user.target.wants/slated.service" ]] ||
  fail "slated.service is still enabled"
grep -q '^slate:' "$root/etc/passwd" || fail "the user slate was removed"
((failed == 0)) && echo "purged from $root"
exit $failed
