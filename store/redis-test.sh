#!/usr/bin/env bash
# Runs a command with a real Redis for the store's contract tests:
#   store/redis-test.sh go test ./...
# Uses the Redis answering on 127.0.0.1:16379, or starts a private one there (installing
# Debian's redis-server when it is missing) and stops it afterwards. The command sees
# HEARD_TEST_REDIS_URL, and HEARD_REQUIRE_REDIS=1 so the Redis tests fail rather than skip.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARG...]" >&2; exit 2; }

port=16379
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
  echo "redis-test.sh: installing redis-server from Debian's packages" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi

if ! redis-cli -p "$port" ping >/dev/null 2>&1; then
  # No disk persistence: the data is thrown away with the server.
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --daemonize yes \
    --logfile /dev/null >/dev/null
  trap 'redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true' EXIT
  for _ in $(seq 50); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  redis-cli -p "$port" ping >/dev/null || { echo "redis-test.sh: redis-server did not start" >&2; exit 1; }
fi

HEARD_TEST_REDIS_URL="redis://127.0.0.1:$port/0" HEARD_REQUIRE_REDIS=1 "$@"
