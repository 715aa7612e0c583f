#!/usr/bin/env bash
# pnpm sandbox:image — builds the sandbox image with the Dockerfile when an image registry is
# reachable, else offline (debootstrap + docker import). Either way the bubblewrap driver's
# root filesystem ($SANDBOX_ROOTFS, default /var/lib/codeclass/sandbox-rootfs) is refreshed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tag="${SANDBOX_IMAGE:-codeclass-sandbox:latest}"
rootfs="${SANDBOX_ROOTFS:-/var/lib/codeclass/sandbox-rootfs}"
if docker info >/dev/null 2>&1 && timeout 600 docker build -q -t "$tag" "$here" >/dev/null 2>&1; then
  echo "sandbox image: built $tag from the Dockerfile"
  tmp="$(mktemp -d)"
  id="$(docker create "$tag")"
  docker export "$id" | tar -x -C "$tmp"
  docker rm "$id" >/dev/null
  rm -rf "$rootfs" && mkdir -p "$(dirname "$rootfs")" && mv "$tmp" "$rootfs"
  echo "sandbox image: root filesystem at $rootfs"
else
  echo "sandbox image: no image registry reachable (or no Docker); building offline"
  exec "$here/build-offline.sh" "$tag"
fi
