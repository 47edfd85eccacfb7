#!/usr/bin/env bash
# lintian finds no error in the package, and no warning but those packaging/lintian-warnings.txt
# lists (each with its reason; the README's "Installing on a box" repeats them).
#   lintian.sh DEB_DIR ALLOWED_WARNINGS
set -euo pipefail
debs=("$1"/slate_*.deb)
[[ -f "${debs[0]}" ]] || {
  echo "no slate_*.deb in $1 (Package.Build makes it)" >&2
  exit 1
}
allowed=$2
output=$(lintian --no-cfg --fail-on none --display-level '>=warning' "${debs[0]}" 2>&1)
echo "$output"
status=0
if grep -q '^E: ' <<<"$output"; then
  echo "lintian: errors above" >&2
  status=1
fi
# "W: slate: TAG [detail]": the tag must be listed.
while read -r tag; do
  if ! grep -qxF -- "$tag" <(grep -v '^#' "$allowed"); then
    echo "lintian: warning $tag is not in $allowed" >&2
    status=1
  fi
done < <(sed -n 's/^W: [^:]*: \([^ ]*\).*$/\1/p' <<<"$output" | sort -u)
exit $status
