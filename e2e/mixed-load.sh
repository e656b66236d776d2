#!/usr/bin/env bash
# Mixed load against each store, on loopback, for a bounded time:
#   e2e/mixed-load.sh [SECONDS] [REQUESTS_PER_SECOND]     (default 60 s at 1000/s)
# 70% pages, 20% signed Twilio webhooks, 10% feedback (see e2e/loadgen). Each
# run starts its own heard; the Redis run uses store/redis-test.sh's Redis.
# Exits non-zero when a target is missed: errors, p99 >= 25 ms, RSS >= 60 MB,
# start-up >= 300 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
rate=${2:-1000}
bin=$(mktemp -d)/heard
go build -o "$bin" ./cmd/heard
go build -o "$bin-loadgen" ./e2e/loadgen
status=0
"$bin-loadgen" -bin "$bin" -duration "${seconds}s" -rate "$rate" || status=1
store/redis-test.sh sh -c "\"$bin-loadgen\" -bin \"$bin\" -duration ${seconds}s -rate $rate -redis \"\$HEARD_TEST_REDIS_URL\"" || status=1
exit $status
