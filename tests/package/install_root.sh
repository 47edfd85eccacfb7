#!/usr/bin/env bash
# The package installs with dpkg into an empty root (its maintainer scripts run outside it with
# DPKG_ROOT set, as for a chroot being built): every file lands in its place, the account and
# folders are made, the units enabled, and the installed units verify and keep their sandbox.
#   install_root.sh DEB_DIR ROOT SOURCE_DIR HAVE_MOUNTD
set -euo pipefail
debs=("$1"/slate_*.deb)
root=$2
source=$3
have_mountd=$4
[[ -f "${debs[0]}" ]] || {
  echo "no slate_*.deb in $1 (Package.Build makes it)" >&2
  exit 1
}
rm -rf "$root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status"
# --force-depends: the root holds no libraries (the host's serve when slated runs from it).
dpkg --root="$root" --force-script-chrootless --force-depends --log=/dev/null \
  -i "${debs[0]}"

failed=0
fail() {
  echo "FAIL: $*" >&2
  failed=1
}
expect_file() {
  [[ -f "$root$1" ]] || fail "$1 is not installed"
}

status=$(dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Status}' slate)
[[ "$status" == "install ok installed" ]] || fail "dpkg says slate is '$status'"

expect_file /usr/bin/slated
expect_file /usr/bin/slate
[[ -x "$root/usr/bin/slated" && -x "$root/usr/bin/slate" ]] || fail "slated or slate not executable"
if [[ "$have_mountd" == 1 ]]; then
  expect_file /usr/sbin/slate-mountd
  expect_file /usr/lib/systemd/system/slate-mountd.service
  expect_file /usr/lib/systemd/system/slate-mountd.socket
fi
# The tablet app, all of it and nothing else.
(cd "$source/tablet-ui/public" && find . -type f | sort) >"$root.ui-expected"
(cd "$root/usr/share/slate/ui" && find . -type f | sort) >"$root.ui-installed" ||
  fail "no /usr/share/slate/ui"
diff -u "$root.ui-expected" "$root.ui-installed" || fail "/usr/share/slate/ui differs from tablet-ui/public"
rm -f "$root.ui-expected" "$root.ui-installed"
cmp -s "$source/tablet-ui/public/index.html" "$root/usr/share/slate/ui/index.html" ||
  fail "index.html differs"
expect_file /etc/slate/slated.toml
cmp -s "$source/packaging/slated.toml" "$root/etc/slate/slated.toml" ||
  fail "/etc/slate/slated.toml is not packaging/slated.toml"
expect_file /etc/avahi/services/slate.service
for conffile in /etc/slate/slated.toml /etc/avahi/services/slate.service; do
  grep -qx "$conffile" "$root/var/lib/dpkg/info/slate.conffiles" ||
    fail "$conffile is not a conffile"
done
for unit in slated.service slated-http.socket slated-https.socket; do
  expect_file "/usr/lib/systemd/system/$unit"
done
expect_file /usr/lib/sysusers.d/slate.conf
expect_file /usr/lib/tmpfiles.d/slate.conf
expect_file /usr/share/doc/slate/changelog.gz
expect_file /usr/share/doc/slate/copyright
expect_file /usr/share/man/man8/slated.8.gz
expect_file /usr/share/man/man1/slate.1.gz
grep -q '<type>_https._tcp</type>' "$root/etc/avahi/services/slate.service" ||
  fail "the Avahi service does not publish _https._tcp"

# What postinst made: the account (in plugdev and audio), /etc/slate and /run/slate as
# root:slate 0750, the units enabled.
grep -q '^slate:' "$root/etc/passwd" || fail "no user slate"
grep -q '^plugdev:.*[:,]slate\(,\|$\)' "$root/etc/group" || fail "slate is not in plugdev"
grep -q '^audio:.*[:,]slate\(,\|$\)' "$root/etc/group" || fail "slate is not in audio"
slate_gid=$(sed -n 's/^slate:[^:]*:\([0-9]*\):.*$/\1/p' "$root/etc/group")
for dir in /etc/slate /run/slate /run/slate/cards; do
  [[ "$(stat -c '%a %u %g' "$root$dir" 2>/dev/null)" == "750 0 $slate_gid" ]] ||
    fail "$dir is not root:slate 0750: $(stat -c '%a %u %g' "$root$dir" 2>&1)"
done
[[ -L "$root/etc/systemd/system/multi-user.target.wants/slated.service" ]] ||
  fail "slated.service is not enabled"
for socket in slated-http.socket slated-https.socket; do
  [[ -L "$root/etc/systemd/system/sockets.target.wants/$socket" ]] || fail "$socket is not enabled"
done

# The installed units, pointing at the installed binaries. (Not `verify --root`: the root holds
# none of systemd's own units, such as sysinit.target, that every unit is ordered after.)
"$(dirname "$0")/../systemd/verify_unit.sh" "$root/usr/lib/systemd/system" \
  "$root/usr/bin/slated" "$root/usr/sbin/slate-mountd" || fail "systemd-analyze verify"
"$(dirname "$0")/../systemd/unit_exposure.sh" "$root/usr/lib/systemd/system" --root "$root" ||
  fail "the installed units' exposure"

((failed == 0)) && echo "installed into $root"
exit $failed
