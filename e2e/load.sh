#!/usr/bin/env bash
# Load test: Heard's home page against nginx serving the same bytes, on this
# machine, in one run, so the two are measured under the same conditions.
# Loopback only; bounded in time. Installs wrk and nginx from Debian when missing.
# Usage: e2e/load.sh [seconds per run, max 60] [rounds]     e.g. e2e/load.sh 10 3
set -euo pipefail
secs=${1:-10}; rounds=${2:-3}
[ "$secs" -ge 1 ] && [ "$secs" -le 60 ] || { echo "load.sh: seconds must be 1 to 60" >&2; exit 2; }
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
command -v wrk >/dev/null || missing+=(wrk)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

tmp=$(mktemp -d)
chmod 755 "$tmp"  # nginx workers run as an unprivileged user
heard_port=18480; nginx_port=18481
cleanup() {
  [ -n "${heard_pid:-}" ] && kill "$heard_pid" 2>/dev/null || true
  [ -f "$tmp/nginx.pid" ] && kill -QUIT "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
  sleep 0.3; rm -rf "$tmp"
}
trap cleanup EXIT

go build -o "$tmp/heard" ./cmd/heard
HEARD_ADDR=127.0.0.1:$heard_port "$tmp/heard" 2>/dev/null &
heard_pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$heard_port/healthz" >/dev/null && break; sleep 0.1; done

# nginx serves a copy of the same page, with the same gzip -9 bytes ready.
mkdir -p "$tmp/www/en" "$tmp/logs"
curl -fs "http://127.0.0.1:$heard_port/en/" -o "$tmp/www/en/index.html"
gzip -9 -k -n "$tmp/www/en/index.html"
cat > "$tmp/nginx.conf" <<CONF
worker_processes auto;
pid $tmp/nginx.pid;
error_log $tmp/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off; sendfile on; tcp_nopush on; keepalive_requests 1000000;
  gzip_static on; types { text/html html; } default_type text/html;
  client_body_temp_path $tmp/logs; proxy_temp_path $tmp/logs; fastcgi_temp_path $tmp/logs;
  uwsgi_temp_path $tmp/logs; scgi_temp_path $tmp/logs;
  server { listen 127.0.0.1:$nginx_port; root $tmp/www; index index.html; }
}
CONF
/usr/sbin/nginx -c "$tmp/nginx.conf" -e "$tmp/logs/error.log"
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$nginx_port/en/" >/dev/null && break; sleep 0.1; done
if ! cmp -s <(curl -fs --compressed -H 'Accept-Encoding: gzip' "http://127.0.0.1:$heard_port/en/") \
            <(curl -fs --compressed -H 'Accept-Encoding: gzip' "http://127.0.0.1:$nginx_port/en/"); then
  echo "load.sh: heard and nginx serve different bytes" >&2; exit 1
fi

# run URL -> "requests/s p99-ms", after a 2 s warm-up.
run() {
  wrk -t1 -c32 -d2s -H 'Accept-Encoding: gzip' "$1" >/dev/null
  wrk -t1 -c32 -d"${secs}s" --timeout 5s --latency -H 'Accept-Encoding: gzip' "$1" | awk '
    /Requests\/sec/ { rps = $2 }
    /Non-2xx|Socket errors/ { errors = 1 }
    $1 == "99%" { v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
                  p99 = (unit == "us") ? v / 1000 : (unit == "s") ? v * 1000 : v }
    END { if (errors) print "errors"; else printf "%.0f %.2f\n", rps, p99 }'
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

: > "$tmp/heard.txt"; : > "$tmp/nginx.txt"
for r in $(seq "$rounds"); do
  h=$(run "http://127.0.0.1:$heard_port/en/"); n=$(run "http://127.0.0.1:$nginx_port/en/")
  [ "$h" != errors ] && [ "$n" != errors ] || { echo "load.sh: errors in round $r" >&2; exit 1; }
  echo "round $r: heard $h   nginx $n   (req/s, p99 ms)"
  echo "$h" >> "$tmp/heard.txt"; echo "$n" >> "$tmp/nginx.txt"
done
h_rps=$(cut -d' ' -f1 "$tmp/heard.txt" | median); h_p99=$(cut -d' ' -f2 "$tmp/heard.txt" | median)
n_rps=$(cut -d' ' -f1 "$tmp/nginx.txt" | median)
echo "load: heard $h_rps req/s, p99 $h_p99 ms; nginx $n_rps req/s; ratio $(awk -v a="$h_rps" -v b="$n_rps" 'BEGIN { printf "%.2f", a / b }') (medians of $rounds x ${secs}s, wrk -t1 -c32, gzip)"
