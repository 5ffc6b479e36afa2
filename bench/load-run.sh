#!/usr/bin/env bash
# Loopback load run: GET /v1/credentials (a warm, fresh installation token) against GET /healthz on
# the same server, with wrk at 1 and 32 connections. Prints wrk's latency distribution for each.
# Usage: bench/load-run.sh [seconds per run, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-20}
PORT=${AUTHPIPE_BENCH_PORT:-7499}

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
[ -f authpipe-server/target/authpipe.jar ] || ./mvnw -q -DskipTests package

work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
AUTHPIPE_PORT=$PORT AUTHPIPE_DATA_DIR="$work" AUTHPIPE_LOG_LEVEL=WARN \
  AUTHPIPE_MASTER_KEY=$(java -jar authpipe-server/target/authpipe.jar keys generate) \
  AUTHPIPE_ADMIN_KEY=bench-admin-key-0123456789 \
  java -Xms256m -Xmx256m -jar authpipe-server/target/authpipe.jar serve > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf "localhost:$PORT/healthz" >/dev/null && break; sleep 0.1; done

base="http://localhost:$PORT"
key=$(curl -sf -X POST "$base/v1/admin/projects" -H 'Authorization: Bearer bench-admin-key-0123456789' \
  -d '{"name":"bench"}' | sed 's/.*"secretKey":"\([^"]*\)".*/\1/')
curl -sf -X PUT "$base/v1/integrations/harvest" -H "Authorization: Bearer $key" -d '{"clientId":"c","clientSecret":"s",
  "settings":{"userAgent":"Bench (bench@example.com)"}}' >/dev/null
curl -sf -X POST "$base/v1/credentials/import" -H "Authorization: Bearer $key" -d '{"provider":"harvest",
  "tenantId":"org_bench","credentialFor":"installation","accessToken":"bench-access-token",
  "refreshToken":"bench-refresh-token","expiresAt":"2099-01-01T00:00:00Z","metadata":{"accountIds":["100001"]}}' >/dev/null
credentials="$base/v1/credentials?provider=harvest&tenantId=org_bench&credentialFor=installation"
curl -sf "$credentials" -H "Authorization: Bearer $key" | grep -q bench-access-token

run() { # name url connections
  wrk -t "$(( $3 < 2 ? 1 : 2 ))" -c "$3" -d "${SECONDS_PER_RUN}s" --latency -H "Authorization: Bearer $key" "$2" \
    | awk -v n="$1" -v c="$3" '/Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2}
        END {printf "%-16s clients=%-3s req/s=%-10s p50=%-9s p99=%s\n", n, c, rps, p50, p99}'
}
wrk -t 2 -c 32 -d 5s -H "Authorization: Bearer $key" "$credentials" >/dev/null   # warm-up
wrk -t 2 -c 32 -d 5s "$base/healthz" >/dev/null
for c in 1 32; do
  run "GET /healthz" "$base/healthz" "$c"
  run "GET /v1/credentials" "$credentials" "$c"
done
