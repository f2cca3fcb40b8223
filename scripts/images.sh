#!/usr/bin/env bash
# Builds Fanout's images on the local Docker engine without any registry: a minimal Debian base
# made here from Debian's packages, and the images built FROM it.
#   scripts/images.sh base        fanout/debian:bookworm, by debuerreotype (debootstrap) from the
#                                 Debian mirror; kept if it exists
#   scripts/images.sh worker      fanout/worker-app:VERSION from worker-app/Dockerfile (build the
#                                 jar first: mvn -q -B -DskipTests package)
#   scripts/images.sh worker-jre  only the worker image's Java runtime layer, so a later `worker`
#                                 build is a copy of the jar
#   scripts/images.sh bio-tools   fanout/bio-tools:VERSION from examples/bio-tools/Dockerfile;
#                                 kept if it exists
#   --rebuild before the target builds it (and the base) again, with fresh packages.
# Each target prints the image it made or kept, and builds the base first if needed. DOCKER_HOST
# (or FANOUT_DOCKER_HOST) says which engine; FANOUT_DEBIAN_MIRROR and
# FANOUT_DEBIAN_SECURITY_MIRROR which Debian mirrors. Where a registry is reachable,
# FANOUT_IMAGE_BASE=debian:bookworm-slim builds on Debian's official image instead (no root needed).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${DOCKER_HOST:-}" ] && [ -n "${FANOUT_DOCKER_HOST:-}" ]; then
  export DOCKER_HOST=$FANOUT_DOCKER_HOST
fi
SUITE=bookworm
MIRROR=${FANOUT_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${FANOUT_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
BASE=${FANOUT_IMAGE_BASE:-fanout/debian:$SUITE}
# The project's version, which is also the chart's appVersion: the tag the chart deploys.
VERSION=$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' pom.xml)
WORKER=fanout/worker-app:$VERSION
BIO_TOOLS=fanout/bio-tools:$VERSION
REBUILD=

exists() { docker image inspect "$1" >/dev/null 2>&1; }

# The engine here has no bridge network: RUN steps reach Debian's mirror on the host's. A rebuild
# must not reuse cached package layers. A build leaves the image it replaced untagged; that one
# goes (the label marks this script's images).
build() {
  docker build -q --network host --build-arg "BASE=$BASE" \
    ${REBUILD:+--no-cache} ${REBUILD:+${FANOUT_IMAGE_BASE:+--pull}} "$@" >/dev/null
  prune
}
prune() { docker image prune -f --filter label=dev.fanout.image >/dev/null; }

base() {
  if [ -n "${FANOUT_IMAGE_BASE:-}" ] || { [ -z "$REBUILD" ] && exists "$BASE"; }; then
    echo "$BASE"
    return
  fi
  [ "$(id -u)" = 0 ] || { echo "base: debootstrap needs root" >&2; exit 1; }
  if ! command -v debuerreotype-init >/dev/null; then
    apt-get update -qq >&2
    apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends \
      debuerreotype debootstrap wget >&2
  fi
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  # Debian's own recipe for its official images (debuerreotype's examples/debian.sh), from the
  # mirror rather than snapshot.debian.org: the same archive state gives the same tarball, with
  # every timestamp set to the newest Release file's date.
  debuerreotype-init --non-debian "$work/rootfs" "$SUITE" "$MIRROR" >&2
  debuerreotype-minimizing-config "$work/rootfs"
  cat >"$work/rootfs/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $MIRROR
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $SECURITY_MIRROR
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  rm -f "$work/rootfs/etc/apt/sources.list"
  debuerreotype-apt-get "$work/rootfs" update -qq
  debuerreotype-apt-get "$work/rootfs" dist-upgrade -yqq >&2
  debuerreotype-recalculate-epoch "$work/rootfs"
  epoch=$(cat "$work/rootfs/debuerreotype-epoch")
  debuerreotype-slimify "$work/rootfs"
  debuerreotype-tar "$work/rootfs" "$work/rootfs.tar"
  echo "base: rootfs.tar sha256 $(sha256sum "$work/rootfs.tar" | cut -d' ' -f1)," \
    "archive of $(date -u -d "@$epoch" +%FT%TZ)" >&2
  # An imported image has no PATH of its own (a Dockerfile's FROM scratch would): Debian's.
  docker import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'CMD ["bash"]' \
    -c "LABEL dev.fanout.image=debian dev.fanout.debian.archive-date=$(date -u -d "@$epoch" +%FT%TZ)" \
    "$work/rootfs.tar" "$BASE" >/dev/null
  prune
  rm -rf "$work"
  trap - EXIT
  echo "$BASE"
}

worker_jre() {
  base >/dev/null
  build --target jre -t "$WORKER-jre" -f worker-app/Dockerfile .
  echo "$WORKER-jre"
}

worker() {
  [ -f worker-app/target/fanout.jar ] \
    || { echo "worker: no worker-app/target/fanout.jar; run mvn -q -B -DskipTests package" >&2; exit 1; }
  base >/dev/null
  build -t "$WORKER" -f worker-app/Dockerfile .
  echo "$WORKER"
}

bio_tools() {
  if [ -z "$REBUILD" ] && exists "$BIO_TOOLS"; then
    echo "$BIO_TOOLS"
    return
  fi
  base >/dev/null
  build -t "$BIO_TOOLS" examples/bio-tools
  echo "$BIO_TOOLS"
}

if [ "${1:-}" = --rebuild ]; then
  REBUILD=1
  shift
fi
case "${1:-}" in
  base) base ;;
  worker) worker ;;
  worker-jre) worker_jre ;;
  bio-tools) bio_tools ;;
  *) echo "usage: $0 [--rebuild] base|worker|worker-jre|bio-tools" >&2; exit 2 ;;
esac
