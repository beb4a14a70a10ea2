#!/usr/bin/env bash
# Runs the built container image without a container runtime: unpacks its layers into a root file system
# and starts its entrypoint there with chroot, as its user, in fresh mount and PID namespaces with /proc
# mounted (what a runtime gives a container). The network is the host's: the app binds 127.0.0.1 ports.
#
# Checks: `--help` works; `run --embedded --demo` reaches RUNNING (/health 200), decides the demo posts
# (/metrics counts them) and shuts down cleanly on SIGTERM.
#
# Usage (root): deploy/image/smoke-test.sh [stream-app/target/jib-image.tar]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
image=$(realpath "${1:-stream-app/target/jib-image.tar}")
[ -f "$image" ] || { echo "no image at $image: build it with 'mvn -B package -Pimage -DskipTests'" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "needs root (chroot, unshare)" >&2; exit 1; }

work=$(mktemp -d)
app_pid=
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# ---- Unpack: the layers in manifest order, then read the config ----
mkdir -p "$work/image" "$work/rootfs"
tar -xf "$image" -C "$work/image"
manifest=$work/image/manifest.json
json() { node -e 'const v = require(process.argv[1]); const r = (new Function("v", "return " + process.argv[2]))(v); console.log([].concat(r).join("\n"))' "$@"; }
config=$work/image/$(json "$manifest" 'v[0].Config')
for layer in $(json "$manifest" 'v[0].Layers'); do
  tar -xzf "$work/image/$layer" -C "$work/rootfs" 2>/dev/null || tar -xf "$work/image/$layer" -C "$work/rootfs"
done
user=$(json "$config" 'v.config.User')
mapfile -t entrypoint < <(json "$config" 'v.config.Entrypoint')
mapfile -t env < <(json "$config" 'v.config.Env')
echo "image: user $user, entrypoint ${entrypoint[*]}"

# Runs the entrypoint with the given arguments inside the unpacked image.
in_image() {
  exec unshare --mount --pid --fork sh -c 'mount -t proc proc "$0/proc" && exec "$@"' "$work/rootfs" \
    "$(command -v env)" -i "${env[@]}" "$(command -v chroot)" --userspec="$user" "$work/rootfs" "${entrypoint[@]}" "$@"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || shuf -i 20000-60000 -n 1; }

echo "== --help"
(in_image --help) | head -5

echo "== run --embedded --demo"
kafka_port=$(free_port)
http_port=$(free_port)
(in_image run --embedded --kafka-port "$kafka_port" --http-port "$http_port" --data-dir /var/lib/vigil/smoke --demo \
  --application-server "127.0.0.1:$http_port" \
  >"$work/app.log" 2>&1) &
app_pid=$!
healthy=
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$http_port/health" >/dev/null 2>&1; then healthy=1; break; fi
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 1
done
if [ -z "$healthy" ]; then
  echo "the app in the image did not become healthy; its log:" >&2
  grep -E "Exception|Caused by|Error|error" "$work/app.log" | head -20 >&2; tail -30 "$work/app.log" >&2
  exit 1
fi
decided=0
for _ in $(seq 1 60); do
  decided=$(curl -fsS "http://127.0.0.1:$http_port/metrics" | awk '/^vigil_posts_total\{/{s+=$NF} END{print s+0}')
  [ "${decided%.*}" -gt 0 ] && break
  sleep 1
done
[ "${decided%.*}" -gt 0 ] || { echo "no post decided in the image" >&2; tail -30 "$work/app.log" >&2; exit 1; }
echo "healthy; $decided demo posts decided"

# The JVM is unshare's child (PID 1 of the new PID namespace): stop it as a runtime would, with SIGTERM.
java_pid=$(pgrep -P "$app_pid" | head -1)
kill -TERM "$java_pid"
for _ in $(seq 1 60); do kill -0 "$app_pid" 2>/dev/null || break; sleep 1; done
if kill -0 "$app_pid" 2>/dev/null; then
  echo "did not stop within 60 s of SIGTERM; its log:" >&2
  tail -30 "$work/app.log" >&2
  exit 1
fi
wait "$app_pid" || true
app_pid=
echo "image smoke test: passed"
