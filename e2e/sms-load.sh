#!/usr/bin/env bash
# Texts answered per second by the real binary, measured with the shared
# measurement kit's smsload (32 concurrent signed webhooks for SECONDS, each a
# new MessageSid from one of 1,000 numbers):
#   e2e/sms-load.sh SMSLOAD_DIR [SECONDS]                          embedded store
#   store/redis-test.sh e2e/sms-load.sh SMSLOAD_DIR [SECONDS]      Redis
# SMSLOAD_DIR is the kit's smsload folder (../shared/tools/smsload on the
# development machine). It prints smsload's line, the load average, and the
# CPU time heard used per 1,000 texts. smsload numbers its MessageSids from 1
# in every run; Heard keys a message by its number's hash and its sid, and each
# run has its own HEARD_SECRET, so no run meets another's messages,
# conversations or rate counters.
set -euo pipefail
cd "$(dirname "$0")/.."
smsload=$(cd "${1:?usage: $0 SMSLOAD_DIR [SECONDS]}" && pwd)
seconds=${2:-10}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/heard" ./cmd/heard
(cd "$smsload" && go build -o "$dir/smsload" .)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
token=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
env=(HEARD_ADDR=127.0.0.1:$port HEARD_PUBLIC_URL=https://heard.example HEARD_DATA="$dir/data"
  TWILIO_AUTH_TOKEN=$token HEARD_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'))
store=embedded
if [ -n "${HEARD_TEST_REDIS_URL:-}" ]; then env+=(REDIS_URL=$HEARD_TEST_REDIS_URL); store=redis; fi
env "${env[@]}" "$dir/heard" serve 2>"$dir/log" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
before=$(cpu)
line=$("$dir/smsload" -url "http://127.0.0.1:$port/sms/twilio" -public https://heard.example/sms/twilio \
  -token "$token" -c 32 -d "${seconds}s" | tail -1)
after=$(cpu)
texts=$(echo "$line" | awk -v s="$seconds" '{print int($2 * s)}')
echo "$store: $line"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg); heard used $(( (after - before) * 10 * 1000 / (texts > 0 ? texts : 1) )) ms of CPU per 1,000 texts"
