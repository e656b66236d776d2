#!/usr/bin/env bash
# Runs a command with a real Redis for the store's contract tests:
#   store/redis-test.sh go test ./...
# Uses the Redis answering on 127.0.0.1:16379, or starts a private one there (installing
# Debian's redis-server when it is missing) and stops it afterwards. The command sees
# HEARD_TEST_REDIS_URL, and HEARD_REQUIRE_REDIS=1 so the Redis tests fail rather than skip.
# It also starts a three-node Redis Cluster on 127.0.0.1:17001-17003 (joined with
# redis-cli --cluster create) and passes it as HEARD_TEST_REDIS_CLUSTER_URL.
# HEARD_TEST_REDIS_PORT and HEARD_TEST_CLUSTER_PORT (the first of three) choose other ports,
# for a run that must not share its servers with others on the same machine (a cluster node
# also listens on its port + 10000).
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARG...]" >&2; exit 2; }

port=${HEARD_TEST_REDIS_PORT:-16379}
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
  echo "redis-test.sh: installing redis-server from Debian's packages" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi

# Stop, on exit, only what this run started: another run may be using the rest.
started=()
cluster_dir=""
stop_started() {
  for p in "${started[@]}"; do redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true; done
  [ -z "$cluster_dir" ] || rm -rf "$cluster_dir"
}
trap stop_started EXIT

if ! redis-cli -p "$port" ping >/dev/null 2>&1; then
  # No disk persistence: the data is thrown away with the server.
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --daemonize yes \
    --logfile /dev/null >/dev/null
  started+=("$port")
  for _ in $(seq 50); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  redis-cli -p "$port" ping >/dev/null || { echo "redis-test.sh: redis-server did not start" >&2; exit 1; }
fi

first=${HEARD_TEST_CLUSTER_PORT:-17001}
cluster_ports=("$first" $((first + 1)) $((first + 2)))
if ! redis-cli -p "${cluster_ports[0]}" cluster info 2>/dev/null | grep -q 'cluster_state:ok'; then
  cluster_dir=$(mktemp -d)
  for p in "${cluster_ports[@]}"; do
    redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true # a half-made cluster of an earlier run
    redis-server --bind 127.0.0.1 --port "$p" --cluster-enabled yes --cluster-config-file "$cluster_dir/nodes-$p.conf" \
      --dir "$cluster_dir" --save '' --appendonly no --daemonize yes --logfile /dev/null >/dev/null
    started+=("$p")
  done
  for p in "${cluster_ports[@]}"; do
    for _ in $(seq 50); do redis-cli -p "$p" ping >/dev/null 2>&1 && break; sleep 0.1; done
  done
  redis-cli --cluster create "${cluster_ports[@]/#/127.0.0.1:}" --cluster-replicas 0 --cluster-yes >/dev/null
  for _ in $(seq 100); do
    redis-cli -p "${cluster_ports[0]}" cluster info | grep -q 'cluster_state:ok' && break
    sleep 0.1
  done
  redis-cli -p "${cluster_ports[0]}" cluster info | grep -q 'cluster_state:ok' || { echo "redis-test.sh: the cluster did not form" >&2; exit 1; }
fi

HEARD_TEST_REDIS_URL="redis://127.0.0.1:$port/0" \
HEARD_TEST_REDIS_CLUSTER_URL="redis://127.0.0.1:${cluster_ports[0]}?addr=127.0.0.1:${cluster_ports[1]}&addr=127.0.0.1:${cluster_ports[2]}" \
HEARD_REQUIRE_REDIS=1 "$@"
