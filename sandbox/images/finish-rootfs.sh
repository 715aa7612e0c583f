#!/usr/bin/env bash
# Common last steps of both image builds, run on the image's root directory.
set -euo pipefail
root="${1:-/}"
# tsc on PATH: TypeScript's native compiler binary (no Node launcher in between).
ln -sf /opt/typescript/node_modules/@typescript/typescript-linux-x64/lib/tsc "$root/usr/local/bin/tsc"
# The work dir is a tmpfs mounted at run time; keep an empty mount point.
mkdir -p "$root/box"
# Smaller image: no docs, man pages or apt caches.
rm -rf "$root/usr/share/doc" "$root/usr/share/man" "$root/var/cache/apt" "$root/var/lib/apt/lists"
