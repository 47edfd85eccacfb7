#!/usr/bin/env bash
# The services' sandboxes, as `systemd-analyze security --offline=true` scores them: slated's
# exposure at most 4.0, slate-mountd's at most 5.0 (it is root and must mount in the host's mount
# namespace, see its unit), and slate-mountd given nothing that would make it a mount namespace
# of its own.
#   unit_exposure.sh SYSTEMD_DIR [--root ROOT]   (ROOT: score the units installed in ROOT)
set -euo pipefail
units=$1
shift
analyze=(systemd-analyze security --offline=true --no-pager)
root=""
if [[ "${1:-}" == --root ]]; then
  root=$2
  analyze+=(--root="$root")
fi

# Prints the overall exposure systemd-analyze gives UNIT (a name in ROOT, or a file).
exposure() {
  local output
  output=$("${analyze[@]}" "$1" 2>&1) || {
    echo "$output" >&2
    return 1
  }
  sed -n 's/^.*Overall exposure level for [^:]*: \([0-9.]*\) .*$/\1/p' <<<"$output"
}

# Fails unless UNIT scores at most LIMIT.
at_most() {
  local unit=$1 limit=$2 score
  score=$(exposure "$unit")
  if [[ -z "$score" ]]; then
    echo "$unit: no exposure level in systemd-analyze's output" >&2
    return 1
  fi
  echo "$unit: exposure $score (limit $limit)"
  awk -v score="$score" -v limit="$limit" 'BEGIN { exit !(score <= limit) }' || {
    echo "$unit: exposure $score is above $limit" >&2
    "${analyze[@]}" "$unit" 2>&1 | grep '✗' >&2 || true
    return 1
  }
}

if [[ -n "$root" ]]; then
  at_most slated.service 4.0
  [[ ! -e "$root/usr/lib/systemd/system/slate-mountd.service" ]] || at_most slate-mountd.service 5.0
  exit 0
fi

at_most "$units/slated.service" 4.0
at_most "$units/slate-mountd.service" 5.0
# Mounts made in a namespace of slate-mountd's own would be seen by nobody else.
if grep -E '^(ProtectSystem|ProtectHome|PrivateTmp|PrivateDevices|PrivateIPC|ReadOnlyPaths|ReadWritePaths|InaccessiblePaths|TemporaryFileSystem|BindPaths|BindReadOnlyPaths|ProtectKernelTunables|ProtectKernelModules|ProtectKernelLogs|ProtectControlGroups|ProtectProc|ProcSubset|RootDirectory|RootImage|MountFlags)=' \
  "$units/slate-mountd.service"; then
  echo "slate-mountd.service: the line above would give it a mount namespace of its own" >&2
  exit 1
fi
if grep -q '^PrivateNetwork=yes' "$units/slate-mountd.service" &&
  ! grep -q '^PrivateMounts=no' "$units/slate-mountd.service"; then
  echo "slate-mountd.service: PrivateNetwork=yes without PrivateMounts=no makes a mount namespace" >&2
  exit 1
fi
