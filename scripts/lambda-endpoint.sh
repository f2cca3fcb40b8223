#!/usr/bin/env bash
# Starts or stops a real Lambda Invoke API on loopback (serverless-offline, from npm) serving
# the test functions in lambda/.
#   scripts/lambda-endpoint.sh start   -> prints the endpoint URL
#   scripts/lambda-endpoint.sh stop
set -euo pipefail
cd "$(dirname "$0")/../lambda"
PORT=${FANOUT_LAMBDA_PORT:-3002}
PIDFILE=${TMPDIR:-/tmp}/fanout-lambda.pid

start() {
  [ -d node_modules/serverless-offline ] || npm ci --no-audit --no-fund >&2
  if ! curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
    SLS_TELEMETRY_DISABLED=1 SLS_NOTIFICATIONS_MODE=off AWS_ACCESS_KEY_ID=fanout \
      AWS_SECRET_ACCESS_KEY=fanout FANOUT_LAMBDA_PORT=$PORT \
      nohup node --require ./crash-guard.cjs node_modules/serverless/bin/serverless.js \
      offline start >"${TMPDIR:-/tmp}/fanout-lambda.log" 2>&1 &
    echo $! >"$PIDFILE"
    for _ in $(seq 1 120); do
      curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break
      sleep 0.5
    done
    curl -s -o /dev/null "http://127.0.0.1:$PORT/" || {
      cat "${TMPDIR:-/tmp}/fanout-lambda.log" >&2
      exit 1
    }
  fi
  echo "http://127.0.0.1:$PORT"
}

stop() {
  [ -f "$PIDFILE" ] && kill "$(cat "$PIDFILE")" 2>/dev/null || true
  rm -f "$PIDFILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
