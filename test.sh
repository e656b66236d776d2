#!/usr/bin/env bash
# Runs every test Heard has: go vet and staticcheck (pinned), the Go tests with the race detector (pages,
# helplines, readability, translations, SMS, the store against a real Redis),
# brief fuzzing, and the browser tests (axe-core in headless Chromium).
# Installs what they need when it is missing: Debian's gcc, redis-server,
# chromium and nodejs, promtool (from Debian's prometheus package) and the
# pinned npm packages in e2e/.
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  echo "test.sh: installing $* from Debian's packages"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

command -v go >/dev/null || { echo "test.sh: Go 1.26 or newer is needed (see README.md)" >&2; exit 1; }
missing=()
command -v gcc >/dev/null || missing+=(gcc)   # the race detector needs cgo
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v node >/dev/null || missing+=(nodejs npm)
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
# promtool checks the alerting rules (metrics/alerts.yml). It is unpacked from Debian's
# prometheus package into a cache rather than installed, so no Prometheus server is set up here.
promtool=$(command -v promtool || true)
if [ -z "$promtool" ]; then
  promtool="${XDG_CACHE_HOME:-$HOME/.cache}/heard/promtool"
  if [ ! -x "$promtool" ]; then
    echo "test.sh: unpacking promtool from Debian's prometheus package"
    deb_dir=$(mktemp -d)
    (cd "$deb_dir" && { apt-get download -qq prometheus 2>/dev/null ||
      { as_root apt-get update -qq && apt-get download -qq prometheus 2>/dev/null; }; })
    mkdir -p "$(dirname "$promtool")"
    dpkg-deb --fsys-tarfile "$deb_dir"/prometheus_*.deb | tar -xO ./usr/bin/promtool >"$promtool.new"
    chmod +x "$promtool.new" && mv "$promtool.new" "$promtool"
    rm -rf "$deb_dir"
  fi
fi
export HEARD_PROMTOOL="$promtool"
if [ ! -d e2e/node_modules ] || [ e2e/package-lock.json -nt e2e/node_modules/.package-lock.json ]; then
  (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "== go vet, staticcheck"
go vet ./...
go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...
echo "== go test (with a private Redis for the store's contract tests)"
store/redis-test.sh go test -race -count=1 -timeout 20m ./...
echo "== fuzz, briefly"
for target in sms:FuzzHandle handlers:FuzzParseInbound safety:FuzzAssess; do
  go test -run '^$' -fuzz "^${target#*:}\$" -fuzztime 10s "./${target%%:*}"
done
echo "== browser tests (headless Chromium, axe-core)"
node --test --test-concurrency=1 --test-reporter=spec e2e/site.test.mjs e2e/feedback.test.mjs e2e/listen.test.mjs e2e/back.test.mjs e2e/localhelp.test.mjs e2e/twofactor.test.mjs
