#!/usr/bin/env bash
# The installed slated starts with the packaged configuration (only what cannot be on a test
# machine changed: addresses, the data dir and the folders below /run), finds and serves the
# installed tablet app (beside its own bin/), speaks HTTPS with the box's CA, and over plain HTTP
# on a set's name offers the trust page, the CA and the iPad profile.
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
  -e "s|^data_dir = .*|data_dir = \"$work/data\"|" \
  -e "s|^mount_helper = .*|mount_helper = \"$work/mountd.sock\"|" \
  -e "s|^cards_dir = .*|cards_dir = \"$work/cards\"|" \
  -e "s|^mount_roots = .*|mount_roots = [\"$work/cards\"]|" \
  "$root/etc/slate/slated.toml" >"$work/slated.toml"
# Each key that was changed is still there: the packaged file's keys are what is being tested.
for key in listen tls tls_listen data_dir automount mount_helper cards_dir mount_roots; do
  grep -q "^$key = " "$work/slated.toml" || {
    echo "the packaged slated.toml has no $key" >&2
    exit 1
  }
done

"$root/usr/bin/slated" --config "$work/slated.toml" 2>"$work/slated.log" &
pid=$!
url=""
for _ in $(seq 100); do
  # The whole line only (it ends "(data in …)"): a line half written would give half a port.
  url=$(sed -n 's|^.*listening on \(http://127\.0\.0\.1:[0-9]*\) .*(data in .*$|\1|p' "$work/slated.log" |
    head -n 1)
  https_port=$(sed -n 's|^.*listening on .* and https://127\.0\.0\.1:\([0-9]*\).*$|\1|p' \
    "$work/slated.log" | head -n 1)
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
# Served from the installed folder, not from the source tree the binary was built in (which holds
# the same app): a file that is only in the installed one.
marker="$root/usr/share/slate/ui/installed-only.txt"
echo "installed $$" >"$marker"
trap 'rm -f "$marker"; cleanup' EXIT
[[ "$(curl -fsS "$url/installed-only.txt")" == "installed $$" ]] || {
  echo "slated did not serve the tablet app from $root/usr/share/slate/ui" >&2
  exit 1
}
rm -f "$marker"
[[ -n "$https_port" ]] || {
  echo "the packaged configuration did not turn HTTPS on:" >&2
  cat "$work/slated.log" >&2
  exit 1
}
curl -fsS --cacert "$work/data/tls/ca.crt" --resolve "slate.local:$https_port:127.0.0.1" \
  "https://slate.local:$https_port/" -o "$work/index-https.html"
cmp "$work/index-https.html" "$root/usr/share/slate/ui/index.html"
# A tablet on the Wi-Fi, by name over plain HTTP: sent to the trust page, which it can use.
port=${url##*:}
location=$(curl -sS -o /dev/null -w '%{redirect_url}' -H "Host: slate.local:$port" "$url/")
[[ "$location" == */trust ]] || {
  echo "plain HTTP at slate.local did not redirect to /trust (got '$location')" >&2
  exit 1
}
# Each answer goes to a file first: `grep -q` stops reading at its match, and with pipefail the
# curl still writing into the closed pipe would fail the test on a page that is right.
curl -fsS -H "Host: slate.local:$port" "$url/trust" -o "$work/trust.html"
grep -q "Switch to HTTPS" "$work/trust.html"
curl -fsS -H "Host: slate.local:$port" "$url/ca.crt" -o "$work/ca.crt"
cmp "$work/ca.crt" "$work/data/tls/ca.crt"
curl -fsS -H "Host: slate.local:$port" "$url/slate.mobileconfig" -o "$work/slate.mobileconfig"
grep -q com.apple.security.root "$work/slate.mobileconfig"
kill -TERM "$pid"
wait "$pid" && code=0 || code=$?
pid=""
[[ $code -eq 0 ]] || {
  echo "slated exited $code on SIGTERM:" >&2
  cat "$work/slated.log" >&2
  exit 1
}
echo "the installed slated served $url/ from $root/usr/share/slate/ui"
