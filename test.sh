#!/usr/bin/env bash
# Runs every test of Authpipe. Starts (and on a fresh Debian machine, installs) the PostgreSQL
# that the store tests run against, then runs the Maven build with all tests and checks.
set -euo pipefail
cd "$(dirname "$0")"

pg_up() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }

if ! pg_up; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "test.sh: installing PostgreSQL (Debian package) for the store tests" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fresh_install=1
  fi
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
  for _ in $(seq 1 50); do pg_up && break; sleep 0.2; done
  if [ "${fresh_install:-0}" = 1 ]; then
    su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
  fi
fi
if command -v psql >/dev/null 2>&1 && id postgres >/dev/null 2>&1; then
  su postgres -c "psql -tAq -c \"SELECT 1 FROM pg_database WHERE datname = 'test'\"" 2>/dev/null | grep -q 1 \
    || su postgres -c "createdb test" 2>/dev/null || true
fi

# The browser tests drive Debian's Chromium through its ChromeDriver (never a downloaded browser).
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  echo "test.sh: installing Debian's chromium and chromium-driver for the browser tests" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

exec ./mvnw -B -q verify "$@"
