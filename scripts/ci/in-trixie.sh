#!/usr/bin/env bash
# Runs a command inside a Debian 13 (trixie) user space, for TorchSharp: libLibTorchSharp.so 0.107.0 needs the
# libstdc++ of GCC 13 (GLIBCXX_3.4.32) and glibc 2.38, which Debian 12 lacks (docs/torch.md). Build outside, run inside.
#   scripts/ci/in-trixie.sh ensure           # create the user space when it is missing (debootstrap, about 30 s, 215 MB)
#   scripts/ci/in-trixie.sh run CMD ARGS...  # run CMD inside, in the current directory, with this machine's .NET SDK
#   scripts/ci/in-trixie.sh test DLL...      # dotnet test the built test assemblies inside
# The user space is cached outside the clone at $SWEEP_TRIXIE_ROOTFS (default /var/cache/sweepcluster/trixie) and
# reused; it is never modified by a run. The SDK, the NuGet package cache, the clone, /dev, /proc and /sys are bind-
# mounted at their own paths inside a private mount namespace (unshare --mount), so nothing stays mounted afterwards,
# even when the run is killed. Needs root (debootstrap, chroot, mounts).
set -euo pipefail

rootfs=${SWEEP_TRIXIE_ROOTFS:-/var/cache/sweepcluster/trixie}
mirror=${SWEEP_TRIXIE_MIRROR:-http://deb.debian.org/debian}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

ensure() {
  if [ -x "$rootfs/usr/bin/env" ] && [ -e "$rootfs/.sweepcluster-complete" ]; then
    return 0
  fi
  if ! command -v debootstrap >/dev/null 2>&1 && [ ! -x /usr/sbin/debootstrap ]; then
    echo "in-trixie: installing debootstrap" >&2
    as_root apt-get update -qq >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >&2
  fi
  local tmp="$rootfs.tmp.$$"
  echo "in-trixie: creating the Debian 13 user space in $rootfs (once)" >&2
  as_root mkdir -p "$(dirname "$rootfs")"
  as_root rm -rf "$tmp"
  # a partial tree is never left under the final name: build beside it, then rename
  if ! as_root env PATH="/usr/sbin:/sbin:$PATH" debootstrap --variant=minbase trixie "$tmp" "$mirror" >"$tmp.log" 2>&1; then
    echo "in-trixie: debootstrap failed (log: $tmp.log)" >&2
    tail -5 "$tmp.log" >&2 || true
    return 1
  fi
  as_root touch "$tmp/.sweepcluster-complete"
  as_root rm -rf "$rootfs"
  as_root mv "$tmp" "$rootfs"
  as_root rm -f "$tmp.log"
}

run_inside() {
  if [ ! -e "$rootfs/.sweepcluster-complete" ]; then
    echo "in-trixie: no Debian 13 user space at $rootfs; create it with: scripts/ci/in-trixie.sh ensure" >&2
    return 2
  fi
  local dotnet_dir nuget cwd
  dotnet_dir=$(dirname "$(readlink -f "$(command -v dotnet)")")
  nuget=${NUGET_PACKAGES:-$HOME/.nuget/packages}
  cwd=$(pwd -P)
  # the clone's root (git top level, else the current directory) is mounted, so relative paths above cwd work
  local top
  top=$(git -C "$cwd" rev-parse --show-toplevel 2>/dev/null || echo "$cwd")
  as_root unshare --mount --propagation private -- env \
    ROOTFS="$rootfs" DOTNET_DIR="$dotnet_dir" NUGET_DIR="$nuget" TOP="$top" CWD="$cwd" HOME_DIR="$HOME" \
    bash -c '
      set -e
      for d in /dev /proc /sys /tmp; do mkdir -p "$ROOTFS$d"; done
      # the private /tmp first: a clone, SDK or NuGet cache under /tmp (mktemp -d) is bound on top of it, not hidden by it
      mount -t tmpfs tmpfs "$ROOTFS/tmp"
      mkdir -p "$NUGET_DIR"
      for d in "$DOTNET_DIR" "$NUGET_DIR" "$TOP"; do mkdir -p "$ROOTFS$d"; mount --bind "$d" "$ROOTFS$d"; done
      mount --rbind /dev "$ROOTFS/dev"
      mount -t proc proc "$ROOTFS/proc"
      mount --rbind /sys "$ROOTFS/sys"
      exec chroot "$ROOTFS" /usr/bin/env -i \
        PATH="$DOTNET_DIR:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
        HOME="$HOME_DIR" NUGET_PACKAGES="$NUGET_DIR" DOTNET_ROOT="$DOTNET_DIR" \
        DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 \
        DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 SWEEP_IN_TRIXIE=1 \
        /bin/sh -c "cd \"\$0\" && exec \"\$@\"" "$CWD" "$@"
    ' bash "$@"
}

cmd=${1:-}
shift || true
case "$cmd" in
  ensure) ensure ;;
  run) run_inside "$@" ;;
  test) run_inside dotnet test "$@" ;;
  *) echo "usage: $0 ensure | run CMD ARGS... | test DLL..." >&2; exit 2 ;;
esac
