#!/usr/bin/env bash
# Builds Vigil's container base image as a `docker save`-format tarball, offline, without a Docker daemon
# or any registry: a Java runtime cut from this machine's JDK with jlink, the shared libraries it and the
# app's native code (RocksDB, lz4, zstd, snappy) link against, copied from this machine's Debian, and a
# non-root user. Jib builds the app image on top of it (stream-app, profile `image`: `tar://` base image).
#
# Usage: deploy/image/build-base-image.sh OUT.tar [CLASSPATH]
#   CLASSPATH (colon-separated jars, as Maven passes it): the native libraries inside those jars are
#   scanned too, so that every shared library they link against is in the image (RocksDB's JNI library
#   needs libpthread, libdl, librt, libstdc++ ... which the Java runtime itself does not).
# Needs: a JDK 17 with jmods (Debian: openjdk-17-jdk-headless + openjdk-17-jmods; installed if missing
# and we are root), GNU tar, sha256sum, ldd, unzip.
#
# The output is reproducible for a given JDK and Debian: fixed timestamps, owners and file order.
set -euo pipefail

out=${1:?usage: build-base-image.sh OUT.tar [CLASSPATH]}
classpath=${2:-}
out=$(realpath -m "$out")

# The modules the app needs, from
#   jdeps --print-module-deps --ignore-missing-deps --recursive <the shaded jar, unpacked>
# plus what jdeps cannot see: TLS with EC keys (jdk.crypto.ec), non-UTF-8 charsets (jdk.charsets),
# DNS for JNDI lookups some clients make (jdk.naming.dns).
MODULES=java.base,java.compiler,java.desktop,java.instrument,java.management,java.naming,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,jdk.management,jdk.unsupported,jdk.crypto.ec,jdk.charsets,jdk.naming.dns
APP_UID=65532
# Fixed timestamp for every file (2026-01-01T00:00:00Z): same inputs, same tarball.
EPOCH=1767225600

java_home() {
  if [ -n "${JAVA_HOME:-}" ] && [ -d "$JAVA_HOME/jmods" ]; then
    echo "$JAVA_HOME"
  else
    dirname "$(dirname "$(readlink -f "$(command -v javac || command -v java)")")"
  fi
}
JDK=$(java_home)
if [ ! -f "$JDK/jmods/java.base.jmod" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing openjdk-17-jmods (jlink needs the JDK's jmods)" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jmods >/dev/null
  fi
  [ -f "$JDK/jmods/java.base.jmod" ] || { echo "no jmods in $JDK: install openjdk-17-jmods" >&2; exit 1; }
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root"

# ---- Java runtime ----
"$JDK/bin/jlink" --module-path "$JDK/jmods" --add-modules "$MODULES" \
  --strip-debug --no-man-pages --no-header-files --compress=2 \
  --output "$root/opt/java"
# Headless server: drop the desktop module's native parts that would drag X11, ALSA and font libraries in
# (java.desktop stays for java.beans, which libraries use).
for so in libawt_xawt.so libjawt.so libsplashscreen.so libjsound.so libfontmanager.so liblcms.so libjavajpeg.so; do
  rm -f "$root/opt/java/lib/$so"
done
# Debian's JDK links its trust store to /etc/ssl/certs/java/cacerts: ship the real file.
rm -f "$root/opt/java/lib/security/cacerts"
if [ -f /etc/ssl/certs/java/cacerts ]; then
  cp -L /etc/ssl/certs/java/cacerts "$root/opt/java/lib/security/cacerts"
fi

# ---- Shared libraries (merged-/usr layout, as Debian) ----
mkdir -p "$root/usr/lib/x86_64-linux-gnu" "$root/usr/lib64"
ln -s usr/lib "$root/lib"
ln -s usr/lib64 "$root/lib64"
# What the runtime links against, what the native libraries in the app's jars link against (libraries
# for other platforms or libcs resolve to nothing here and are skipped), and the C++ runtime.
libs_of() { { ldd "$1" 2>/dev/null || true; } | awk '/=> \//{print $3} /^\t\/.*ld-linux/{print $1}'; }
natives=$work/natives
mkdir -p "$natives"
IFS=: read -r -a jars <<<"$classpath"
for jar in "${jars[@]}"; do
  [ -f "$jar" ] || continue
  { unzip -Z1 "$jar" 2>/dev/null || true; } | { grep -E '\.so$' || true; } | while read -r entry; do
    dest="$natives/$(basename "$jar")/$entry"
    mkdir -p "$(dirname "$dest")"
    unzip -p "$jar" "$entry" >"$dest"
  done
done
{
  find "$natives" -name '*.so' -print0 | while IFS= read -r -d '' so; do libs_of "$so"; done
  libs_of "$root/opt/java/bin/java"
  find "$root/opt/java" -name '*.so' -print0 | while IFS= read -r -d '' so; do libs_of "$so"; done
  for extra in libstdc++.so.6 libgcc_s.so.1; do
    path=$(ldconfig -p | awk -v n="$extra" '$1==n && /x86-64/ && !found {print $NF; found=1}')
    [ -n "$path" ] || { echo "missing $extra on this machine" >&2; exit 1; }
    echo "$path"
    libs_of "$path"
  done
} | sort -u | while read -r lib; do
  case "$lib" in
    "$root"/*) ;;  # the runtime's own libraries
    */ld-linux-x86-64.so.2) cp -L "$lib" "$root/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" ;;
    *) cp -L "$lib" "$root/usr/lib/x86_64-linux-gnu/$(basename "$lib")" ;;
  esac
done
ln -s ../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$root/usr/lib64/ld-linux-x86-64.so.2"

# ---- Users, directories ----
# proc, sys and dev are mount points the container runtime fills.
mkdir -p "$root/etc" "$root/tmp" "$root/var/lib/vigil" "$root/proc" "$root/sys" "$root/dev"
printf 'root:x:0:0:root:/root:/sbin/nologin\nvigil:x:%s:%s:vigil:/var/lib/vigil:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' "$APP_UID" "$APP_UID" >"$root/etc/passwd"
printf 'root:x:0:\nvigil:x:%s:\nnogroup:x:65534:\n' "$APP_UID" >"$root/etc/group"
printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"
chmod 1777 "$root/tmp"

# ---- Layer: everything root-owned, except the app's data directory ----
layer=$work/layer.tar
tar --create --file "$layer" --directory "$root" --sort=name --mtime="@$EPOCH" \
  --owner=0 --group=0 --numeric-owner --exclude=./var/lib/vigil .
tar --append --file "$layer" --directory "$root" --mtime="@$EPOCH" \
  --owner="$APP_UID" --group="$APP_UID" --numeric-owner --mode=0750 --no-recursion ./var/lib/vigil
diff_id=$(sha256sum "$layer" | cut -d' ' -f1)

# ---- Image config and manifest (docker save format) ----
jdk_version=$("$root/opt/java/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/{print $2}')
created=$(date -u -d "@$EPOCH" +%Y-%m-%dT%H:%M:%SZ)
cat >"$work/config.json" <<EOF
{"architecture":"amd64","os":"linux","created":"$created","config":{"User":"$APP_UID:$APP_UID","Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],"WorkingDir":"/var/lib/vigil","Labels":{"org.opencontainers.image.title":"vigil-base","org.opencontainers.image.description":"jlinked Java $jdk_version runtime and its shared libraries, for Vigil"}},"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},"history":[{"created":"$created","created_by":"deploy/image/build-base-image.sh"}]}
EOF
config_id=$(sha256sum "$work/config.json" | cut -d' ' -f1)
mkdir -p "$work/image/$diff_id"
mv "$layer" "$work/image/$diff_id/layer.tar"
mv "$work/config.json" "$work/image/$config_id.json"
printf '[{"Config":"%s.json","RepoTags":["vigil/base:java17"],"Layers":["%s/layer.tar"]}]\n' "$config_id" "$diff_id" >"$work/image/manifest.json"

mkdir -p "$(dirname "$out")"
# Entries named without "./" (Jib refuses paths that are not plainly inside the archive).
tar --create --file "$out" --directory "$work/image" --mtime="@$EPOCH" --owner=0 --group=0 --numeric-owner \
  manifest.json "$config_id.json" "$diff_id/layer.tar"
echo "base image: $out ($(du -h "$out" | cut -f1), Java $jdk_version, layer sha256:$diff_id)"
