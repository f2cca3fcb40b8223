#!/usr/bin/env bash
# Starts or stops a private Docker engine for Fanout's tests, and builds the test images.
# No registry is reachable here, so images are imported from a busybox-static rootfs.
#   scripts/docker-engine.sh start   -> prints the DOCKER_HOST to use
#   scripts/docker-engine.sh stop
set -euo pipefail

ROOT=${FANOUT_DOCKER_ROOT:-/var/lib/fanout-docker}
SOCK=${FANOUT_DOCKER_SOCK:-/run/fanout-docker.sock}
PIDFILE=$ROOT/dockerd.pid
IMAGE=fanout-test/busybox:1

start() {
  if ! command -v dockerd >/dev/null || ! [ -x /bin/busybox ]; then
    apt-get update -qq >&2
    apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends docker.io busybox-static >&2
  fi
  mkdir -p "$ROOT/data" "$ROOT/exec"
  if ! curl -sf --unix-socket "$SOCK" http://localhost/_ping >/dev/null 2>&1; then
    # No systemd, no bridge, no iptables; root here lacks CAP_SYS_RESOURCE, hence the ulimits.
    nohup dockerd -H "unix://$SOCK" --data-root "$ROOT/data" --exec-root "$ROOT/exec" \
      --pidfile "$PIDFILE" --iptables=false --ip6tables=false --bridge=none \
      --storage-driver=overlay2 --default-ulimit nofile=20000:20000 \
      --default-ulimit nproc=32768:32768 >"$ROOT/dockerd.log" 2>&1 &
    for _ in $(seq 1 60); do
      curl -sf --unix-socket "$SOCK" http://localhost/_ping >/dev/null 2>&1 && break
      sleep 0.5
    done
    curl -sf --unix-socket "$SOCK" http://localhost/_ping >/dev/null || {
      cat "$ROOT/dockerd.log" >&2
      echo "dockerd did not start" >&2
      exit 1
    }
  fi
  if ! docker -H "unix://$SOCK" image inspect "$IMAGE" >/dev/null 2>&1; then
    rootfs=$(mktemp -d)
    mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp" "$rootfs/fanout"
    cp /bin/busybox "$rootfs/bin/busybox"
    chroot "$rootfs" /bin/busybox --install -s /bin
    echo 'root:x:0:0:root:/:/bin/sh' >"$rootfs/etc/passwd"
    tar -C "$rootfs" -c . | docker -H "unix://$SOCK" import \
      -c 'CMD ["sh"]' -c 'ENV PATH=/bin' -c 'WORKDIR /fanout' - "$IMAGE" >/dev/null
    rm -rf "$rootfs"
  fi
  echo "unix://$SOCK"
}

stop() {
  if [ -f "$PIDFILE" ]; then
    docker -H "unix://$SOCK" ps -aq --filter label=fanout.managed=true | xargs -r docker -H "unix://$SOCK" rm -f >/dev/null || true
    kill "$(cat "$PIDFILE")" 2>/dev/null || true
    for _ in $(seq 1 40); do [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null || break; sleep 0.25; done
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
