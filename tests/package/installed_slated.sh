#!/usr/bin/env bash
# The installed slated starts with the packaged configuration (only what cannot be on a test
# machine changed: addresses, the data dir, the folders below /run and the UI's root) and serves
# the installed tablet app.
#   installed_slated.sh ROOT (what Package.Installs installed)
set -euo pipefail
root=$(cd "$1" && pwd)
[[ -x "$root/usr/bin/slated" ]] || {
  echo "no $root/usr/bin/slated (Package.Installs makes it)" >&2
  exit 1
}
work=$(mktemp -d)
pid=""
cleanup() {
  [[ -z "$pid" ]] || kill "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/data" "$work/cards"

sed -e 's|^listen = .*|listen = "127.0.0.1:0"|' \
  -e 's|^tls_listen = .*|tls_listen = "127.0.0.1:0"|' \
  -e "s|^ui_dir = .*|ui_dir = \"$root/usr/share/slate/ui\"|" \
  -e "s|^data_dir = .*|data_dir = \"$work/data\"|" \
  -e "s|^mount_helper = .*|mount_helper = \"$work/mountd.sock\"|" \
  -e "s|^cards_dir = .*|cards_dir = \"$work/cards\"|" \
  -e "s|^mount_roots = .*|mount_roots = [\"$work/cards\"]|" \
  "$root/etc/slate/slated.toml" >"$work/slated.toml"
# Each key that was changed is still there: the packaged file's keys are what is being tested.
for key in listen tls tls_listen ui_dir data_dir automount mount_helper cards_dir mount_roots; do
  grep -q "^$key = " "$work/slated.toml" || {
    echo "the packaged slated.toml has no $key" >&2
    exit 1
  }
done

"$root/usr/bin/slated" --config "$work/slated.toml" 2>"$work/slated.log" &
pid=$!
url=""
for _ in $(seq 100); do
  url=$(sed -n 's|^.*listening on \(http://127\.0\.0\.1:[0-9]*\).*$|\1|p' "$work/slated.log" |
    head -n 1)
  [[ -z "$url" ]] || break
  if ! kill -0 "$pid" 2>/dev/null; then
    wait "$pid" && code=0 || code=$?
    pid=""
    echo "slated exited ($code) with the packaged configuration:" >&2
    cat "$work/slated.log" >&2
    exit 1
  fi
  sleep 0.1
done
[[ -n "$url" ]] || {
  echo "slated did not say where it listens:" >&2
  cat "$work/slated.log" >&2
  exit 1
}
curl -fsS "$url/" -o "$work/index.html"
cmp "$work/index.html" "$root/usr/share/slate/ui/index.html"
curl -fsS "$url/app.js" -o "$work/app.js"
cmp "$work/app.js" "$root/usr/share/slate/ui/app.js"
kill -TERM "$pid"
wait "$pid" && code=0 || code=$?
pid=""
[[ $code -eq 0 ]] || {
  echo "slated exited $code on SIGTERM:" >&2
  cat "$work/slated.log" >&2
  exit 1
}
echo "the installed slated served $url/ from $root/usr/share/slate/ui"
